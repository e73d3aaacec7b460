/** A small SVG line of a KPI's last periods; gaps where a period has no value. */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length < 2) return <svg class="sparkline" viewBox="0 0 100 24" aria-hidden="true" />;
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const step = values.length > 1 ? 100 / (values.length - 1) : 0;
  const segments: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if ((segments.at(-1) ?? []).length > 0) segments.push([]);
      return;
    }
    segments.at(-1)?.push(`${(i * step).toFixed(1)},${(22 - ((v - min) / span) * 20).toFixed(1)}`);
  });
  return (
    <svg class="sparkline" viewBox="0 0 100 24" preserveAspectRatio="none" role="img" aria-label={label}>
      {segments
        .filter((s) => s.length > 0)
        .map((s, i) =>
          s.length === 1 ? <circle key={i} cx={s[0]?.split(',')[0]} cy={s[0]?.split(',')[1]} r="1.5" /> : <polyline key={i} points={s.join(' ')} />,
        )}
    </svg>
  );
}
