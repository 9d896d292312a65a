/** What a polled panel says when its last poll failed: the error, and that it shows the last answer. */
export function StaleAnswer({ message }: { message: string }) {
  return (
    <span className="text-red-600 dark:text-red-400">
      stale: {message} (showing the last answer)
    </span>
  );
}
