export * from './bot.dto';
