// Which analyser reads which document: by LSP language id, or by file name for the command line.

import { Analyser } from './model';
import { analyseSql } from './sql/analyse';

const sql: Analyser = { analyse: analyseSql };

const byLanguageId: Record<string, Analyser> = { sql };

const byExtension: Record<string, string> = { '.sql': 'sql' };

export function analyserFor(languageId: string): Analyser | undefined {
  return byLanguageId[languageId.toLowerCase()];
}

/** The language id for a file name, or undefined when no analyser reads such files. */
export function languageOfFile(fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : byExtension[fileName.slice(dot).toLowerCase()];
}

/** Language ids that have an analyser. */
export const registeredLanguages = (): string[] => Object.keys(byLanguageId);

export const supportedExtensions = (): string[] => Object.keys(byExtension);
