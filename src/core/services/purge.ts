import type { AppDeps, GatewayConfig } from "../deps.js";
import type { Database, Statement } from "../ports.js";
import {
  dropErasureStatement,
  erasureCandidates,
  erasureWaitsStatement,
  finishErasureStatements,
  hasPendingDocuments,
  listErasures,
  purgeAccessLogStatement,
  purgeDocumentsStatements,
  purgeExpiredTokensStatement,
  retentionCandidates,
  type PendingErasure,
  type PurgeReason,
} from "../store/purge.js";
import { listRetention } from "../store/retention.js";

/**
 * The purge job (docs/privacy.md): erasures of members the roster removed, then each insurer's
 * retention. It works in small atomic batches, each re-checking its conditions at commit, so it
 * is idempotent and safe to interrupt anywhere: a crash loses at most the batch in flight, which
 * the next run does again. Node runs it on an interval, Workers from the Cron Trigger.
 *
 * D1 counts every statement of an invocation (a query, and each statement of a batch) against a
 * limit of 1000, and binds at most 100 parameters per statement: the run spends a statement
 * budget and stops when it is used up (the next run goes on), and a chunk is at most 50 documents.
 */

/** Statements one run may spend: half of D1's per-invocation limit, leaving room for the cron's other work. */
export const defaultPurgeBudget = 500;
const documentsPerChunk = 50;
/** Rows of the access log or of barcode records deleted per statement. */
const rowsPerDelete = 1000;
/** Erasures looked at per run. */
const erasuresPerRun = 50;
const dayMs = 24 * 60 * 60 * 1000;

export interface PurgeReport {
  documents: number;
  accessLogEntries: number;
  barcodeRecords: number;
  erasuresFinished: number;
  /** Removed members the roster holds again: their erasure was dropped, their data kept. */
  erasuresDropped: number;
  /** Removed members whose documents are still on their way to the insurer. */
  erasuresWaiting: number;
  statements: number;
  /** False when the budget ran out first: the next run continues. */
  complete: boolean;
}

class OutOfBudget extends Error {}

/** The run's statement budget, shared by every database it touches (one Worker invocation). */
class Budget {
  spent = 0;
  constructor(private readonly limit: number) {}
  spend(count: number) {
    if (this.spent + count > this.limit) throw new OutOfBudget();
    this.spent += count;
  }
}

/** One database as the purge sees it: every call is counted against the run's budget first. */
class Metered {
  constructor(
    readonly db: Database,
    private readonly budget: Budget,
  ) {}
  private spend(count: number) {
    this.budget.spend(count);
  }
  read<T>(query: (db: Database) => Promise<T>): Promise<T> {
    this.spend(1);
    return query(this.db);
  }
  async batch(statements: Statement[]) {
    this.spend(statements.length);
    return this.db.batch(statements);
  }
}

export type PurgeDeps = Pick<AppDeps, "db" | "databases" | "clock" | "logger"> & { config: Pick<GatewayConfig, "retentionDays"> };

/** Erasures are found in every database (each insurer's members are in its own); retention per insurer, in its database. */
export async function purgeExpired(deps: PurgeDeps, options: { statementBudget?: number } = {}): Promise<PurgeReport> {
  const budget = new Budget(options.statementBudget ?? defaultPurgeBudget);
  const shared = new Metered(deps.db, budget);
  const metered = new Map(deps.databases.all().map((db) => [db, new Metered(db, budget)] as const));
  const meteredFor = (insurer: string) => metered.get(deps.databases.databaseFor(insurer)) ?? new Metered(deps.databases.databaseFor(insurer), budget);
  const report: PurgeReport = {
    documents: 0,
    accessLogEntries: 0,
    barcodeRecords: 0,
    erasuresFinished: 0,
    erasuresDropped: 0,
    erasuresWaiting: 0,
    statements: 0,
    complete: true,
  };
  const now = deps.clock.now();
  try {
    for (const db of metered.values()) {
      for (const erasure of await db.read((raw) => listErasures(raw, erasuresPerRun))) await erase(db, erasure, now.toISOString(), report);
    }
    for (const { insurer, days } of await shared.read(listRetention)) {
      const cutoff = new Date(now.getTime() - (days ?? deps.config.retentionDays) * dayMs).toISOString();
      await purgeRetention(meteredFor(insurer), insurer, cutoff, now.toISOString(), report);
    }
  } catch (error) {
    if (!(error instanceof OutOfBudget)) throw error;
    report.complete = false;
  }
  report.statements = budget.spent;
  deps.logger.info("purge.run", { ...report });
  return report;
}

/** Purges chunks of documents until `next` finds none or a chunk purges nothing (changed meanwhile). */
async function purgeChunks(metered: Metered, next: () => Promise<number[]>, now: string, reason: PurgeReason, report: PurgeReport): Promise<void> {
  for (;;) {
    const pks = await next();
    if (pks.length === 0) return;
    const [updated] = await metered.batch(purgeDocumentsStatements(pks, now, reason));
    const purged = updated?.changes ?? 0;
    report.documents += purged;
    if (purged === 0 || pks.length < documentsPerChunk) return;
  }
}

async function purgeRetention(metered: Metered, insurer: string, cutoff: string, now: string, report: PurgeReport): Promise<void> {
  await purgeChunks(metered, () => metered.read((db) => retentionCandidates(db, insurer, cutoff, documentsPerChunk)), now, { kind: "retention", cutoff }, report);
  for (;;) {
    const [log, tokens] = await metered.batch([
      purgeAccessLogStatement(insurer, cutoff, rowsPerDelete),
      purgeExpiredTokensStatement(insurer, cutoff, rowsPerDelete),
    ]);
    report.accessLogEntries += log?.changes ?? 0;
    report.barcodeRecords += tokens?.changes ?? 0;
    if ((log?.changes ?? 0) < rowsPerDelete && (tokens?.changes ?? 0) < rowsPerDelete) return;
  }
}

/**
 * A removed member's data goes once nothing of theirs is still on its way to the insurer (what
 * was delivered is the insurer's copy; ours is purged). A member re-added meanwhile keeps it all.
 */
async function erase(metered: Metered, erasure: PendingErasure, now: string, report: PurgeReport): Promise<void> {
  if (erasure.readded) {
    await metered.batch([dropErasureStatement(erasure)]);
    report.erasuresDropped++;
    return;
  }
  if (await metered.read((db) => hasPendingDocuments(db, erasure))) {
    await metered.batch([erasureWaitsStatement(erasure, now)]);
    report.erasuresWaiting++;
    return;
  }
  await purgeChunks(metered, () => metered.read((db) => erasureCandidates(db, erasure, documentsPerChunk)), now, { kind: "erasure" }, report);
  const [tokens, , log, done] = await metered.batch(finishErasureStatements(erasure));
  report.barcodeRecords += tokens?.changes ?? 0;
  report.accessLogEntries += log?.changes ?? 0;
  if ((done?.changes ?? 0) === 1) report.erasuresFinished++;
  else report.erasuresWaiting++;
}
