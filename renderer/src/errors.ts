/** The words to show for a failure from main: its message, never a swallowed error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
