import type { DatasetDef } from '../catalog';
import type { ImportPlan } from '../columns';
import { seg } from './fields';

/** The scale a survey score of this kind must lie on. */
export function surveyScale(kind: string, plan: ImportPlan): { min: number; max: number; name: string } {
  if (kind === 'nps') return { min: 0, max: 10, name: 'NPS' };
  if (kind === 'ces') return { min: 1, max: 7, name: 'CES' };
  return { min: plan.settings.csatScaleMin ?? 1, max: plan.settings.csatScaleMax ?? 5, name: 'CSAT' };
}

export const surveys: DatasetDef = {
  name: 'surveys',
  label: 'Surveys',
  record: ['survey response', 'survey responses'],
  summary: 'NPS, CSAT or CES survey answers',
  description: 'One row per NPS, CSAT or CES response: its kind and score.',
  hint: 'import survey responses (Kind nps/csat/ces, Score, Date)',
  key: { fields: ['response_id'] },
  events: [{ field: 'responded_at' }],
  fields: [
    // Typeform's first column, '#', holds each response's token.
    { name: 'response_id', label: 'Response ID', type: 'id', headers: ['Response ID', 'Respondent ID', 'Submission ID', 'ResponseId', 'Token', '#'] },
    {
      name: 'customer_id',
      label: 'Customer ID',
      type: 'id',
      headers: ['Customer ID', 'CustomerID', 'Contact ID', 'Email', 'Email Address', 'Respondent Email', 'Recipient Email', 'Customer'],
    },
    // SurveyMonkey's 'End Date' is when the respondent finished; Typeform's 'Submit Date (UTC)' likewise.
    {
      name: 'responded_at',
      label: 'Responded',
      type: 'date',
      headers: [
        'Responded At',
        'Response Date',
        'Timestamp',
        'Submitted At',
        'Date Submitted',
        'Completed At',
        'RecordedDate',
        'Submit Date',
        'End Date',
        'Survey Date',
        'date',
      ],
    },
    {
      name: 'kind',
      label: 'Kind',
      type: 'enum',
      values: ['nps', 'csat', 'ces'],
      required: true,
      headers: ['Kind', 'Survey Type', 'Survey Kind', 'Question Type'],
    },
    {
      name: 'score',
      label: 'Score',
      type: 'score',
      required: true,
      headers: ['Score', 'NPS', 'NPS Score', 'CSAT', 'CSAT Score', 'CES', 'CES Score', 'rating', 'Star Rating', 'Stars', 'Likelihood to Recommend'],
    },
    seg('channel', 'Channel', ['Channel', 'Survey Channel']),
  ],
  derive(row) {
    const kind = row.get('kind');
    const score = row.num('score');
    if (typeof kind === 'string' && score !== undefined) {
      const scale = surveyScale(kind, row.plan);
      if (score < scale.min || score > scale.max) {
        const from = row.source('score');
        const reason = `is outside the ${scale.min}-${scale.max} ${scale.name} scale`;
        row.delete('score');
        if (from) row.problem(from.col, from.cell, reason);
        else row.problem({ index: -1, header: 'score', field: 'score', type: 'score' }, score, reason);
      }
    }
  },
};
