import type { CliCommand, OfflineCliCommand } from "./command.js";
import { validate } from "./validate.js";
import { insurerKey, parkedList, parkedRequeue } from "./exports-ops.js";
import { membersImport } from "./members-import.js";
import { insurerAdd, insurerSet, keyRevoke, pharmacyAdd } from "./onboarding.js";
import { plansPut } from "./plans.js";
import { signingKeyRotate, signingKeySecret } from "./signing-keys.js";
import { insurerRetentionCommand, purgeRun } from "./privacy.js";

/** Every CLI command; add new ones here. */
export const commands: Array<CliCommand | OfflineCliCommand> = [validate, pharmacyAdd, insurerAdd, insurerSet, keyRevoke, signingKeyRotate, signingKeySecret, membersImport, insurerKey, parkedList, parkedRequeue, plansPut, insurerRetentionCommand, purgeRun];
