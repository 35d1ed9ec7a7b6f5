/**
 * One set of groups' share of a report, built the same way in either thread: timelines, diagnosis, and the
 * JSON text of its people and group-wide findings (`join-report.ts` merges the shares into one report).
 */
import { diagnose } from '../../diagnosis/index.js'
import { type GitLabEra, timelineOptions } from '../../diagnosis/versions/infer.js'
import type { ScimRecord } from '../../records/types.js'
import { buildTimelines } from '../../timelines/index.js'
import {
  type FindingTallies,
  type FindingText,
  findingTallies,
  groupFindingTexts,
  type PersonText,
  personTexts,
  type ReportFindings,
} from '../../views/report.js'

export interface PartOptions {
  allowedDomains: string[]
}

/**
 * Timelines and findings of some groups. `workingGroups` are the whole run's (`diagnosis/support.ts`): the
 * one fact a rule takes from other groups, with the GitLab era, inferred from all of them.
 */
export function reportFindingsFor(
  records: readonly ScimRecord[],
  options: PartOptions,
  workingGroups: readonly string[],
  /** The run's GitLab era (`diagnosis/versions/infer.ts`), inferred from every record. */
  gitlab: GitLabEra,
): ReportFindings {
  const timelines = buildTimelines(records, timelineOptions(gitlab))
  const diagnosis = diagnose(timelines, { allowedDomains: options.allowedDomains, workingGroups, gitlab })
  return { timelines, byPerson: diagnosis.byPerson, groupFindings: diagnosis.groupFindings }
}

/** What a share gives before its people: the summary's counts and its group-wide findings as text. */
export interface ShareHead {
  findings: FindingText[]
  tallies: FindingTallies
  peopleCount: number
  probeCount: number
}

export function shareHead(findings: ReportFindings): ShareHead {
  return {
    findings: groupFindingTexts(findings),
    tallies: findingTallies(findings),
    peopleCount: findings.timelines.people.length,
    probeCount: findings.timelines.probes?.length ?? 0,
  }
}

/** A share rendered to text, its people included (plain data, cheap to clone). */
export interface RenderedPart extends ShareHead {
  people: PersonText[]
}

export function renderPart(findings: ReportFindings): RenderedPart {
  return { ...shareHead(findings), people: [...personTexts(findings)] }
}
