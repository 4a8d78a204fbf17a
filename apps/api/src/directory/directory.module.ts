import { Module } from '@nestjs/common';
import { ChangePhotoController } from './change-photo/change-photo.http.controller';
import { ChangePrivacyController } from './change-privacy/change-privacy.http.controller';
import { DirectoryIndex } from './directory.index';
import { ExportVcardController } from './export-vcard/export-vcard.http.controller';
import { GetCardController } from './get-card/get-card.http.controller';
import { GetCardHandler } from './get-card/get-card.handler';
import { SearchDirectoryController } from './search-directory/search-directory.http.controller';
import { SearchDirectoryHandler } from './search-directory/search-directory.handler';

/**
 * The employee directory: search and cards answered from an in-memory copy
 * of the `directory` read model (DirectoryIndex), privacy applied in one
 * place (directory.cards), and the employee's own privacy and photo - which
 * are commands on identity's employee stream (RunEmployeeCommand).
 */
@Module({
  controllers: [SearchDirectoryController, ExportVcardController, GetCardController, ChangePrivacyController, ChangePhotoController],
  providers: [DirectoryIndex, SearchDirectoryHandler, GetCardHandler],
  // Seating shows where colleagues sit from the same in-memory copy (and its privacy rules).
  exports: [DirectoryIndex],
})
export class DirectoryModule {}
