// Synthetic IAPT-shaped rows and the outcomes worked out by hand from derivations.md §0 (D1-D11).
// Written once, rendered to SQLite tables and to CSV for R, so SQL and R are held to the same answers.
// Cut-offs under test: caseness PHQ-9 >= 10, GAD-7 >= 8; reliable change PHQ-9 6, GAD-7 4 (either way).

export const PHQ9 = '720433000';
export const GAD7 = '445455005';

/** A row of nhsd_IAPT_demographics_and_referral (only the columns the snippets read). */
export interface ReferralRow {
  pathwayid: string;
  cohortkey_e: string;
  extractperiod_enddate: string;
  referralrequestreceiveddate: string;
  assessment_firstdate: string | null;
  therapysession_firstdate: string | null;
  servdischdate: string | null;
  treatmentcarecontact_count: number | null;
  phq9_firstscore: number | null;
  phq9_lastscore: number | null;
  gad_firstscore: number | null;
  gad_lastscore: number | null;
  completedtreatment_flag: string;
  caseness_flag: string;
  notcaseness_flag: string;
  recovery_flag: string;
  reliableimprovement_flag: string;
  reliabledeterioration_flag: string;
  nochange_flag: string;
}

export const OUTCOME_COLUMNS = ['finished_treatment', 'caseness', 'recovery', 'reliable_improvement', 'reliable_deterioration', 'reliable_recovery', 'no_reliable_change'] as const;
export type Outcome = Record<(typeof OUTCOME_COLUMNS)[number], 0 | 1>;

const LATEST = '2024-03-31';
const EARLIER = '2023-03-31';
const FINISHED = { servdischdate: '2023-06-30', treatmentcarecontact_count: 2 };

interface Case {
  id: string;
  /** PHQ-9 first and last score (null = missing). */
  phq: [number | null, number | null];
  /** GAD-7 first and last score. */
  gad: [number | null, number | null];
  /** Expected fin case rec RI RD RR NRC, in OUTCOME_COLUMNS order. */
  expect: [0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1];
  /** Discharge and treatment contacts; finished (discharged, 2 contacts) unless given. */
  end?: { servdischdate: string | null; treatmentcarecontact_count: number | null };
  /** Other columns of the latest row. */
  more?: Partial<ReferralRow>;
  /** Rows of earlier extracts of the same referral, which de-duplication must drop. */
  stale?: Partial<ReferralRow>[];
}

// Each line: why the expected flags are what they are. "fin" = finished treatment (D2).
const CASES: Case[] = [
  // Classic: case on both, below both cut-offs at the end, reliable improvement on both -> reliable recovery.
  { id: 'P01', phq: [15, 5], gad: [12, 4], expect: [1, 1, 1, 1, 0, 1, 0] },
  // PHQ-9 first exactly 10 is a case (>=); PHQ-9 drop of exactly 6 is reliable; GAD-7 first 5 is not a case.
  { id: 'P02', phq: [10, 4], gad: [5, 5], expect: [1, 1, 1, 1, 0, 1, 0] },
  // PHQ-9 first 9 and GAD-7 first 7: just below both cut-offs, not a case, so no recovery even with
  // reliable improvement (drops of exactly 6 and exactly 4).
  { id: 'P03', phq: [9, 3], gad: [7, 3], expect: [1, 0, 0, 1, 0, 0, 0] },
  // GAD-7 first exactly 8 is a case; GAD-7 drop of exactly 4 is reliable.
  { id: 'P04', phq: [5, 5], gad: [8, 4], expect: [1, 1, 1, 1, 0, 1, 0] },
  // PHQ-9 last exactly 10 is still at caseness: not recovered, though reliably improved (drop 6).
  { id: 'P05', phq: [16, 10], gad: [10, 3], expect: [1, 1, 0, 1, 0, 0, 0] },
  // PHQ-9 last 9 is below caseness: recovered.
  { id: 'P06', phq: [16, 9], gad: [10, 3], expect: [1, 1, 1, 1, 0, 1, 0] },
  // GAD-7 last exactly 8 is still at caseness: not recovered (PHQ-9 drop 8 is reliable).
  { id: 'P07', phq: [12, 4], gad: [12, 8], expect: [1, 1, 0, 1, 0, 0, 0] },
  // GAD-7 last 7 is below caseness: recovered.
  { id: 'P08', phq: [12, 4], gad: [12, 7], expect: [1, 1, 1, 1, 0, 1, 0] },
  // Drops of 5 (PHQ-9) and 3 (GAD-7) are one short of reliable: no reliable change; PHQ-9 last 10 blocks recovery.
  { id: 'P09', phq: [15, 10], gad: [10, 7], expect: [1, 1, 0, 0, 0, 0, 1] },
  // Recovered (12 -> 8, 9 -> 6) without reliable improvement (drops 4 and 3): recovery but not reliable recovery.
  { id: 'P10', phq: [12, 8], gad: [9, 6], expect: [1, 1, 1, 0, 0, 0, 1] },
  // PHQ-9 rise of exactly 6 is reliable deterioration.
  { id: 'P11', phq: [5, 11], gad: [3, 3], expect: [1, 0, 0, 0, 1, 0, 0] },
  // Rises of 5 and 3 are one short of reliable deterioration: no reliable change.
  { id: 'P12', phq: [5, 10], gad: [3, 6], expect: [1, 0, 0, 0, 0, 0, 1] },
  // GAD-7 rise of exactly 4 is reliable deterioration.
  { id: 'P13', phq: [4, 4], gad: [4, 8], expect: [1, 0, 0, 0, 1, 0, 0] },
  // PHQ-9 improves by 8 but GAD-7 reliably deteriorates (+4): deterioration wins, not improved (D7).
  { id: 'P14', phq: [18, 10], gad: [6, 10], expect: [1, 1, 0, 0, 1, 0, 0] },
  // GAD-7 improves by 6 but PHQ-9 reliably deteriorates (+6): not improved.
  { id: 'P15', phq: [8, 14], gad: [15, 9], expect: [1, 1, 0, 0, 1, 0, 0] },
  // Recovered by the cut-offs (PHQ-9 20 -> 9, GAD-7 2 -> 6) but GAD-7 rose by 4: recovery with reliable
  // deterioration, so not reliably improved and not reliable recovery.
  { id: 'P16', phq: [20, 9], gad: [2, 6], expect: [1, 1, 1, 0, 1, 0, 0] },
  // PHQ-9 last missing: still a case (first scores), but recovery and every change flag need all four scores.
  { id: 'P17', phq: [15, null], gad: [10, 4], expect: [1, 1, 0, 0, 0, 0, 0] },
  // GAD-7 first missing: a case on PHQ-9 alone (a missing score does not block caseness); no outcomes.
  { id: 'P18', phq: [12, 4], gad: [null, 3], expect: [1, 1, 0, 0, 0, 0, 0] },
  // PHQ-9 first missing and GAD-7 first 7: a missing score is not a case; no outcomes.
  { id: 'P19', phq: [null, 5], gad: [7, 2], expect: [1, 0, 0, 0, 0, 0, 0] },
  // Not discharged (servdischdate NULL) after 5 contacts: unfinished, so only caseness can be 1.
  { id: 'P20', phq: [15, 5], gad: [12, 4], end: { servdischdate: null, treatmentcarecontact_count: 5 }, expect: [0, 1, 0, 0, 0, 0, 0] },
  // Discharged after 1 treatment contact: unfinished (needs 2).
  { id: 'P21', phq: [15, 5], gad: [12, 4], end: { servdischdate: '2023-06-30', treatmentcarecontact_count: 1 }, expect: [0, 1, 0, 0, 0, 0, 0] },
  // Discharged with no contact count recorded: unfinished.
  { id: 'P22', phq: [15, 5], gad: [12, 4], end: { servdischdate: '2023-06-30', treatmentcarecontact_count: null }, expect: [0, 1, 0, 0, 0, 0, 0] },
  // Discharged after exactly 2 contacts, no change on either measure, not a case: no reliable change.
  { id: 'P23', phq: [6, 6], gad: [4, 4], end: { servdischdate: '2023-06-30', treatmentcarecontact_count: 2 }, expect: [1, 0, 0, 0, 0, 0, 1] },
  // Two extracts, the stale one first: the latest (finished, reliable recovery) counts, not the older
  // unfinished one with a missing last score.
  {
    id: 'P24', phq: [15, 5], gad: [12, 4], expect: [1, 1, 1, 1, 0, 1, 0],
    stale: [{ extractperiod_enddate: EARLIER, servdischdate: null, treatmentcarecontact_count: 1, phq9_lastscore: null, gad_lastscore: null }],
  },
  // Two extracts, the latest inserted first: its reliable deterioration counts, not the older recovery.
  {
    id: 'P25', phq: [5, 11], gad: [3, 3], expect: [1, 0, 0, 0, 1, 0, 0],
    stale: [{ extractperiod_enddate: EARLIER, phq9_firstscore: 15, phq9_lastscore: 5, gad_firstscore: 12, gad_lastscore: 4 }],
  },
];

// NHS England's own flags for iapt-outcome-flags, by referral; every other flag is 'False'. The expected
// 0/1 columns (fin case notcase rec RI RD RR NRC) are worked out by hand below in FLAG_EXPECTED.
const NHSE_FLAGS: Record<string, Partial<ReferralRow>> = {
  P01: { completedtreatment_flag: 'True', caseness_flag: 'True', recovery_flag: 'True', reliableimprovement_flag: 'True' },
  // Upper-case text and the not-caseness flag.
  P23: { completedtreatment_flag: 'TRUE', notcaseness_flag: 'True', nochange_flag: 'True' },
  // Flags that arrive as 1 rather than 'True'.
  P14: { completedtreatment_flag: '1', caseness_flag: '1', reliabledeterioration_flag: '1' },
  // Flags set on a referral with no discharge date: not finished, so its recovery is not counted.
  P20: { completedtreatment_flag: 'True', caseness_flag: 'True', recovery_flag: 'True', reliableimprovement_flag: 'True' },
};

export const FLAG_COLUMNS = ['finished_treatment', 'caseness', 'not_caseness', 'recovery', 'reliable_improvement', 'reliable_deterioration', 'reliable_recovery', 'no_reliable_change'] as const;
export const FLAG_EXPECTED: Record<string, number[]> = {
  P01: [1, 1, 0, 1, 1, 0, 1, 0], // finished; recovery and reliable improvement -> reliable recovery
  P23: [1, 0, 1, 0, 0, 0, 0, 1], // 'TRUE' reads as true; not at caseness; no change
  P14: [1, 1, 0, 0, 0, 1, 0, 0], // '1' reads as true
  P20: [0, 1, 0, 0, 0, 0, 0, 0], // completedtreatment_flag without servdischdate is not finished; outcomes gated on finished
  P02: [0, 0, 0, 0, 0, 0, 0, 0], // every flag 'False'
};

// Waiting times (days), by referral; every other referral: referral 2023-01-02, first assessment
// 2023-01-16 (14 days), first therapy session 2023-02-13 (42 days).
const WAIT_DATES: Record<string, Partial<ReferralRow>> = {
  P20: { therapysession_firstdate: null }, // not treated yet: no days to treatment
  P21: { referralrequestreceiveddate: '2023-03-01', assessment_firstdate: '2023-03-01', therapysession_firstdate: '2023-04-03' }, // same day: 0; March has 31 days: 33
  P19: { referralrequestreceiveddate: '2023-12-20', assessment_firstdate: '2024-01-10', therapysession_firstdate: '2024-03-01' }, // over a year end: 21; 2024 is a leap year: 72
};
export const WAIT_EXPECTED: Record<string, [number | null, number | null]> = {
  P01: [14, 42],
  P20: [14, null],
  P21: [0, 33],
  P19: [21, 72],
};

function referralRow(c: Case): ReferralRow {
  return {
    pathwayid: c.id,
    cohortkey_e: 'K' + c.id.slice(1),
    extractperiod_enddate: LATEST,
    referralrequestreceiveddate: '2023-01-02',
    assessment_firstdate: '2023-01-16',
    therapysession_firstdate: '2023-02-13',
    ...(c.end ?? FINISHED),
    phq9_firstscore: c.phq[0],
    phq9_lastscore: c.phq[1],
    gad_firstscore: c.gad[0],
    gad_lastscore: c.gad[1],
    completedtreatment_flag: 'False',
    caseness_flag: 'False',
    notcaseness_flag: 'False',
    recovery_flag: 'False',
    reliableimprovement_flag: 'False',
    reliabledeterioration_flag: 'False',
    nochange_flag: 'False',
    ...NHSE_FLAGS[c.id],
    ...WAIT_DATES[c.id],
    ...c.more,
  };
}

/** Every row of the synthetic referral table, stale extracts included (P24's stale row first, P25's last). */
export function referralRows(): ReferralRow[] {
  const rows: ReferralRow[] = [];
  for (const c of CASES) {
    const latest = referralRow(c);
    const stale = (c.stale ?? []).map((s) => ({ ...latest, ...s }));
    if (c.id === 'P25') rows.push(latest, ...stale);
    else rows.push(...stale, latest);
  }
  return rows;
}

/** Expected outcomes per pathwayid. */
export function expectedOutcomes(): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const c of CASES) {
    const o = {} as Outcome;
    OUTCOME_COLUMNS.forEach((col, i) => (o[col] = c.expect[i]));
    out.set(c.id, o);
  }
  return out;
}

/** The extract each referral's de-duplicated row must come from. */
export const DEDUP_EXPECTED = new Map(CASES.map((c) => [c.id, LATEST]));

// Rates over the 25 de-duplicated referrals, by hand from the expect columns above (D10):
// finished: all but P20, P21, P22 -> 22. Finished and not a case: P03, P11, P12, P13, P19, P23, P25 -> 7.
// Recovery denominator 22 - 7 = 15. Recovery: P01 P02 P04 P06 P08 P10 P16 P24 -> 8.
// Reliable recovery: P01 P02 P04 P06 P08 P24 -> 6. Reliable improvement: P01 to P08 and P24 -> 9. Reliable deterioration: P11 P13 P14 P15 P16 P25 -> 6.
// No reliable change: P09 P10 P12 P23 -> 4. (9 + 6 + 4 = 19 < 22: P17, P18, P19 lack a score.)
export const RATES_EXPECTED = {
  n_finished: 22,
  n_not_at_caseness: 7,
  recovery_rate: 8 / 15,
  reliable_recovery_rate: 6 / 15,
  reliable_improvement_rate: 9 / 22,
  reliable_deterioration_rate: 6 / 22,
  no_reliable_change_rate: 4 / 22,
};

/** A row of nhsd_IAPT_coded_scored_assessments (only the columns the snippets read). */
export interface AssessmentRow {
  pathwayid: string;
  cohortkey_e: string;
  extractperiod_enddate: string;
  codedasstooltype: string;
  persscore: string | null;
  asstoolcompdate: string;
  asstoolcomptime: string | null;
}

function a(pathwayid: string, tool: string, date: string, time: string | null, score: string | null, extract = LATEST): AssessmentRow {
  return { pathwayid, cohortkey_e: 'K' + pathwayid.slice(1), extractperiod_enddate: extract, codedasstooltype: tool, persscore: score, asstoolcompdate: date, asstoolcomptime: time };
}

/** Scored assessments, deliberately out of time order. */
export const ASSESSMENTS: AssessmentRow[] = [
  // P01: three PHQ-9 scores out of order -> first 15 (Jan), last 5 (May). GAD-7 rows (other tool) are ignored
  // for PHQ-9, including one earlier than every PHQ-9 row; for GAD-7 they give first 21, last 2.
  a('P01', PHQ9, '2023-05-02', '11:00:00', '5'),
  a('P01', GAD7, '2023-01-10', '08:00:00', '21'),
  a('P01', PHQ9, '2023-01-24', '09:00:00', '15'),
  a('P01', PHQ9, '2023-02-21', '10:00:00', '12'),
  a('P01', GAD7, '2023-06-01', '08:00:00', '2'),
  // P02: same-day assessments ordered by time: first day 09:15 (18) before 14:30 (10); last day 16:00 (4)
  // after 08:00 (7). -> first 18, last 4.
  a('P02', PHQ9, '2023-01-24', '14:30:00', '10'),
  a('P02', PHQ9, '2023-01-24', '09:15:00', '18'),
  a('P02', PHQ9, '2023-03-01', '16:00:00', '4'),
  a('P02', PHQ9, '2023-03-01', '08:00:00', '7'),
  // P03: a single assessment is both first and last -> 7, 7.
  a('P03', PHQ9, '2023-02-01', '10:00:00', '7'),
  // P04: the same two assessments in two extracts -> 11, 6.
  a('P04', PHQ9, '2023-02-01', '10:00:00', '11', EARLIER),
  a('P04', PHQ9, '2023-03-15', '10:00:00', '6', EARLIER),
  a('P04', PHQ9, '2023-02-01', '10:00:00', '11'),
  a('P04', PHQ9, '2023-03-15', '10:00:00', '6'),
  // P05: a missing time sorts first within its day (as NULL on SQL Server): first 20 (NULL time before
  // 08:00 on 1 April); last 6 (08:00 after the NULL time on 1 June).
  a('P05', PHQ9, '2023-04-01', '08:00:00', '14'),
  a('P05', PHQ9, '2023-04-01', null, '20'),
  a('P05', PHQ9, '2023-06-01', null, '9'),
  a('P05', PHQ9, '2023-06-01', '08:00:00', '6'),
  // P06: later rows with a missing or empty score are skipped -> 13, 13.
  a('P06', PHQ9, '2023-05-01', '10:00:00', '13'),
  a('P06', PHQ9, '2023-06-01', '10:00:00', null),
  a('P06', PHQ9, '2023-07-01', '10:00:00', ''),
  // P07: GAD-7 only -> no PHQ-9 row at all.
  a('P07', GAD7, '2023-05-01', '10:00:00', '9'),
  // P08: scores are text; 9 then 10 must come back as the numbers 9 and 10.
  a('P08', PHQ9, '2023-05-01', '10:00:00', '9'),
  a('P08', PHQ9, '2023-06-01', '10:00:00', '10'),
];

export const FIRST_LAST_PHQ9: Record<string, [number, number]> = {
  P01: [15, 5],
  P02: [18, 4],
  P03: [7, 7],
  P04: [11, 6],
  P05: [20, 6],
  P06: [13, 13],
  P08: [9, 10],
};
export const FIRST_LAST_GAD7: Record<string, [number, number]> = {
  P01: [21, 2],
  P07: [9, 9],
};
