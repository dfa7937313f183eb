import { useI18n } from '../../i18n/i18n';
import type { Schemas } from '../../api/client';

type Result = Schemas['LifeCycleCost']['results'][number];

const ROW = 58;
const BAR = 24;
/** hsl(212, 63%, 37%) and the brand blue: both well above 3:1 against white (about 7:1 and 12:1). */
const FILL = 'hsl(212, 63%, 37%)';
const BEST = 'hsl(214, 100%, 24%)';

/**
 * Net present cost of each option as horizontal bars, cheapest first. Hand-written SVG (no chart
 * library): bar lengths are percentages, so it fits any width while the text keeps its size. The
 * whole is one image with a summary as its name; the results table is its accessible equivalent.
 */
export function CostChart({ results, currency }: { results: Result[]; currency: string }) {
  const { t, format } = useI18n();
  const max = Math.max(...results.map((r) => r.netPresentCost), 0);
  const summary = t('tools.lcc.chartLabel', {
    options: results.map((r) => t('tools.lcc.chartItem', { rank: r.rank, name: r.name, cost: format.money(r.netPresentCost, currency) })).join('; '),
  });
  return (
    <figure style={{ margin: 0 }}>
      <svg className="pt-chart" role="img" aria-label={summary} width="100%" height={results.length * ROW + 4} style={{ maxWidth: 720 }}>
        {results.map((r, i) => {
          const share = max > 0 ? Math.max(r.netPresentCost / max, 0) : 0;
          const y = i * ROW;
          return (
            <g key={r.name}>
              <text x="0" y={y + 18} fontSize="16" fill="hsl(0, 0%, 13%)">
                <tspan fontWeight={r.rank === 1 ? 600 : 400}>
                  {t('tools.lcc.rankValue', { rank: r.rank })} {r.name}
                </tspan>
                <tspan dx="8">{format.money(r.netPresentCost, currency)}</tspan>
              </text>
              {/* A 1-pixel minimum keeps a zero cost visible as a line. */}
              <rect x="0" y={y + 26} height={BAR} width={`${share * 100}%`} fill={r.rank === 1 ? BEST : FILL} />
              <rect x="0" y={y + 26} height={BAR} width="1" fill={FILL} />
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{t('tools.lcc.chartCaption')}</figcaption>
    </figure>
  );
}
