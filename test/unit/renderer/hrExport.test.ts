// The HR export's documented column layout: fixed identifiers, one row per record, numbers rounded to one decimal,
// missing components empty and named, the record's hash; and a CSV a spreadsheet opens (BOM, Chinese intact).
import { describe, expect, it } from 'vitest';
import { contentHash } from '@renderer/domain/appraisal';
import type { LockedAppraisalRecord } from '@renderer/domain/model';
import { HR_COLUMNS, hrTable } from '@renderer/features/appraisal/hrExport';
import { tableToCsv } from '@renderer/workers/tableFile';
import { lockedContent, testSignature } from '../../pg/records';

const row = (i: number, version = 1): LockedAppraisalRecord => {
  const content = lockedContent(i, { version });
  return { id: `r${i}`, createdAt: '', updatedAt: '', rev: 1, createdBy: null, deletedAt: null, periodId: 'p', staffId: content.staffId, version, content, contentHash: contentHash(content), signature: testSignature(contentHash(content)) };
};

describe('HR export', () => {
  it('has the documented columns, in order, whatever the language', () => {
    const t = hrTable([row(1)]);
    expect(t.header).toEqual([...HR_COLUMNS]);
    expect(t.header).toContain('record_hash');
    expect(t.header).toHaveLength(29);
    expect(t.header.at(-1)).toBe('qa_mean_all_evaluations');
  });

  it('one row per record with its figures; missing components empty and named', () => {
    const r = row(3, 2);
    const [cells] = hrTable([r]).rows;
    const col = (name: (typeof HR_COLUMNS)[number]) => cells![HR_COLUMNS.indexOf(name)];
    expect(col('employee_number')).toBe('E000003');
    expect(col('name')).toBe('员工 3');
    expect(col('period')).toBe('2026-10');
    expect(col('record_version')).toBe(2);
    expect(col('qa_score')).toBe(Math.round(r.content.composite.components.find((c) => c.key === 'qa')!.value! * 10) / 10);
    expect(col('qa_mean_all_evaluations')).toBe(Math.round(r.content.figures.qa.mean! * 10) / 10);
    expect(col('qa_evaluations')).toBe(6);
    // the fixture has no tickets or actions: those components are missing, empty, and named
    expect(col('csat_component')).toBeNull();
    expect(col('actions_on_time_component')).toBeNull();
    expect(col('missing_components')).toBe('csat sla actions');
    expect(col('self_assessment')).toBe(90);
    expect(col('composite')).toBe(Math.round(r.content.composite.value! * 10) / 10);
    expect(col('grade')).toBe(r.content.composite.grade);
    expect(col('amend_reason')).toBe('dispute adjusted after lock');
    expect(col('record_hash')).toBe(r.contentHash);
    expect(col('signer_key_id')).toBe(r.signature.keyId);
    expect(col('signature')).toBe(r.signature.value);
  });

  it('a QA component left out of the composite is empty in qa_score (named in missing_components); its raw mean has its own column', () => {
    const r = row(4);
    // Too few evaluations for the QA component: as the appraisal's minimum would leave it out.
    const qa = r.content.composite.components.find((c) => c.key === 'qa')!;
    const content = { ...r.content, composite: { ...r.content.composite, missing: ['qa', ...r.content.composite.missing], components: r.content.composite.components.map((c) => (c.key === 'qa' ? { ...c, value: null, missing: 'not-enough-evaluations' } : c)) } };
    const [cells] = hrTable([{ ...r, content } as LockedAppraisalRecord]).rows;
    const col = (name: (typeof HR_COLUMNS)[number]) => cells![HR_COLUMNS.indexOf(name)];
    expect(qa.value).not.toBeNull();
    expect(col('qa_score')).toBeNull();
    expect(String(col('missing_components'))).toContain('qa');
    expect(col('qa_mean_all_evaluations')).toBe(Math.round(r.content.figures.qa.mean! * 10) / 10);
  });

  it('writes a CSV that opens in a spreadsheet with the Chinese names intact', () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(tableToCsv(hrTable([row(1), row(2)])));
    expect(text.startsWith('\ufeffemployee_number,name,team,period')).toBe(true);
    expect(text).toContain('员工 2');
    expect(text.trim().split('\r\n')).toHaveLength(3);
  });
});
