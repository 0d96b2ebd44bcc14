// The latest submitted score of an item in a list: green when it passed, red when it failed, a dash when unscored.
// Lists render it only once the marks are loaded (before that every row would look unscored).
import { Tag } from 'antd';
import type { Evaluation } from '@renderer/domain/model';
import { displayScore } from '@renderer/domain/scoring';

export function ScoreTag({ scored }: { scored: { score: number | null; outcome: Evaluation['outcome'] } | undefined }) {
  if (!scored) return <span data-testid="unscored">—</span>;
  return (
    <Tag color={scored.outcome === 'pass' ? 'green' : scored.outcome === 'fail' ? 'red' : 'default'} data-testid="scored">
      {displayScore(scored.score)}
    </Tag>
  );
}
