import 'reflect-metadata';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { ProblemDetails } from '../shared/problem';

/**
 * The knowledge assistant's questions and answers over HTTP (`POST /knowledge/ask`,
 * `POST /knowledge/answers/:answerId/rating`). Additive to knowledge.events.ts: the events keep their meaning.
 */
export const KNOWLEDGE_QUESTION_MAX_LENGTH = 1000;
export const KNOWLEDGE_ANSWER_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export class AskKnowledgeDto {
  @ApiProperty({ description: 'The question, in Russian or English', example: 'How many vacation days do I have?' })
  @IsString()
  @MinLength(2, { message: 'question must be at least 2 characters long' })
  @MaxLength(KNOWLEDGE_QUESTION_MAX_LENGTH, { message: `question must be at most ${KNOWLEDGE_QUESTION_MAX_LENGTH} characters long` })
  question: string;
}

export class RateKnowledgeAnswerDto {
  @ApiProperty({ enum: ['up', 'down'] })
  @IsIn(['up', 'down'], { message: "rating must be 'up' or 'down'" })
  rating: 'up' | 'down';
}

/** A source an answer cites as [n]. */
export interface KnowledgeCitationView {
  n: number;
  documentKey: string;
  title: string;
  breadcrumb: string[];
  /** The section of the document the passage is in (headings, outermost first). */
  section: string[];
  url: string;
}

export interface KnowledgeAnswerView {
  answerId: string;
  /** generated: written by the model from the cited passages; extractive: the passages' best sentences; unknown: nothing readable matched. */
  mode: 'generated' | 'extractive' | 'unknown';
  /** Paragraphs with [n] markers; for `unknown`, empty (the client says it does not know in its language). */
  text: string;
  citations: KnowledgeCitationView[];
  language: 'ru' | 'en';
}

/**
 * `POST /knowledge/ask` with `Accept: application/x-ndjson`: the answer as it is written, one JSON object per line -
 * `text` lines with the whole text so far (only when a model writes it; an extractive answer comes at once), then
 * one `answer` line, or a `problem` line when the question failed after the response had begun.
 */
export const KNOWLEDGE_ASK_STREAM_TYPE = 'application/x-ndjson';
export type KnowledgeAskStreamLine =
  { type: 'text'; text: string } | { type: 'answer'; answer: KnowledgeAnswerView } | { type: 'problem'; problem: ProblemDetails };

export interface KnowledgeRatingView {
  answerId: string;
  rating: 'up' | 'down';
}
