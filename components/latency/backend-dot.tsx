/** A backend's colour as a dot before its name (decorative: the name says it). */
export function BackendDot({ color }: { color: string }) {
  return (
    <span className="inline-block h-3 w-3 rounded-full" style={{ background: color }} aria-hidden />
  );
}
