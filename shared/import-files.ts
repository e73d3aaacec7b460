/** The files the import is offered: delimited text (read as CSV) and Excel workbooks, by extension without the dot. */
export const textExtensions = ['csv', 'tsv', 'txt'] as const;
export const importExtensions = [...textExtensions, 'xlsx'] as const;
