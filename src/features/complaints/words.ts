// The parts of a complaint letter CharterDesk composes, in English and Welsh: a person who wrote in
// Welsh is answered in Welsh where the procedure says so (Wales), and the templates around these
// parts are the council's to edit (notification templates, English and Welsh side by side).
import type { Decision, Language, OutstandingAction, ProcedureDefinition } from './model.js';
import { formatPounds } from './model.js';
import { formatDay } from '../../platform/views/environment.js';

const welshDay = new Intl.DateTimeFormat('cy-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** "Tuesday 22 December 2026" (as every other promise to a resident names the day) or "Dydd Mawrth 22 Rhagfyr 2026". */
export const dayIn = (language: Language, at: Date): string => (language === 'cy' ? welshDay.format(at).replace(',', '') : formatDay(at));

const DECISIONS: Record<Language, Record<Decision, string>> = {
  en: { upheld: 'we uphold your complaint', partly_upheld: 'we partly uphold your complaint', not_upheld: 'we do not uphold your complaint', resolved: 'your complaint has been resolved' },
  cy: { upheld: 'rydym yn cadarnhau eich cwyn', partly_upheld: 'rydym yn cadarnhau rhan o’ch cwyn', not_upheld: 'nid ydym yn cadarnhau eich cwyn', resolved: 'mae eich cwyn wedi’i datrys' },
};

const W = {
  en: {
    stage: (n: number) => `stage ${n}`,
    none: 'Nothing further.',
    apology: 'We apologise for what went wrong.',
    action: (text: string) => `What we have done: ${text}`,
    payment: (amount: string) => `We will pay you ${amount}.`,
    by: (sentence: string, day: string) => `${sentence}: by ${day}.`,
    outstanding: (a: OutstandingAction, day: string) => `${a.action} (${a.owner}, by ${day})`,
    stage2: (stageName: string, months: number | null) =>
      `If you are not satisfied with our response, you can ask us to look at your complaint again at ${stageName}. Use the link on your complaint’s page or reply to this message${months ? `, within ${months} months of this response` : ''}, and tell us why you are not satisfied.`,
    ombudsman: (o: ProcedureDefinition['ombudsman']) => `If you are still not satisfied, you can ask the ${o.name} to look at your complaint. Phone ${o.phone}, visit ${o.website}, or write to ${o.address}.`,
  },
  cy: {
    stage: (n: number) => `cam ${n}`,
    none: 'Dim byd pellach.',
    apology: 'Rydym yn ymddiheuro am yr hyn a aeth o’i le.',
    action: (text: string) => `Yr hyn rydym wedi’i wneud: ${text}`,
    payment: (amount: string) => `Byddwn yn talu ${amount} i chi.`,
    by: (sentence: string, day: string) => `${sentence}: erbyn ${day}.`,
    outstanding: (a: OutstandingAction, day: string) => `${a.action} (${a.owner}, erbyn ${day})`,
    stage2: (stageName: string, months: number | null) =>
      `Os nad ydych yn fodlon â’n hymateb, gallwch ofyn i ni edrych ar eich cwyn eto yng ${stageName}. Defnyddiwch y ddolen ar dudalen eich cwyn neu atebwch y neges hon${months ? `, o fewn ${months} mis i’r ymateb hwn` : ''}, a dywedwch wrthym pam nad ydych yn fodlon.`,
    ombudsman: (o: ProcedureDefinition['ombudsman']) => `Os nad ydych yn fodlon o hyd, gallwch ofyn i ${o.name} edrych ar eich cwyn. Ffoniwch ${o.phone}, ewch i ${o.website}, neu ysgrifennwch at ${o.address}.`,
  },
} as const;

export const words = (language: Language) => W[language];

export const decisionIn = (language: Language, decision: Decision): string => DECISIONS[language][decision];

/** The remedy lines of a response, or "Nothing further." */
export function remedyIn(language: Language, r: { apology: boolean; actionTaken: string; paymentPence: number | null }): string {
  const w = words(language);
  const lines = [r.apology && w.apology, r.actionTaken && w.action(r.actionTaken), r.paymentPence && w.payment(formatPounds(r.paymentPence))].filter((l): l is string => !!l);
  return lines.length ? lines.join('\n') : w.none;
}

/** How to take a complaint further after a stage's response: stage 2, or the Ombudsman. */
export function howToEscalateIn(language: Language, procedure: ProcedureDefinition, stage: 1 | 2): string {
  const w = words(language);
  return stage === 1 ? w.stage2(procedure.stages[2].name, procedure.stage2RequestMonths) : w.ombudsman(procedure.ombudsman);
}
