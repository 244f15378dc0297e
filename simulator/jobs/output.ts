/**
 * The output file of append_row: each element run() returned becomes a line of CSV values; an
 * element that is itself a table (the rows of one input) becomes one line per row.
 */
export function outputLines(element: unknown): string[] {
  if (Array.isArray(element) && element.every((e) => typeof e === 'object' && e !== null)) return element.map(csvLine);
  return [csvLine(element)];
}

function csvLine(value: unknown): string {
  if (Array.isArray(value)) return value.map(cell).join(',');
  if (typeof value === 'object' && value !== null) return Object.values(value).map(cell).join(',');
  return cell(value);
}

function cell(value: unknown): string {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
