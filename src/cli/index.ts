import type { CliCommand, OfflineCliCommand } from "./command.js";
import { validate } from "./validate.js";
import { insurerKey, parkedList, parkedRequeue } from "./exports-ops.js";
import { membersImport } from "./members-import.js";
import { insurerAdd, keyRevoke, pharmacyAdd } from "./onboarding.js";
import { signingKeyRotate, signingKeySecret } from "./signing-keys.js";

/** Every CLI command; add new ones here. */
export const commands: Array<CliCommand | OfflineCliCommand> = [validate, pharmacyAdd, insurerAdd, keyRevoke, signingKeyRotate, signingKeySecret, membersImport, insurerKey, parkedList, parkedRequeue];
