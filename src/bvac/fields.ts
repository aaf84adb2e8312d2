import { z } from "zod";
import { isValidNihii } from "./identifiers.js";

/** Field schemas shared by the BVAC model, the admin API and the roster. */

export const InsurerCodeSchema = z.string().regex(/^\d{4}$/, "an insurer code is 4 digits (CBFA)");

export const Key1Schema = z.string().regex(/^\d{10}$/, "key1 is 10 digits");

export const NihiiSchema = z
  .string()
  .regex(/^\d{8}$/, "a NIHII number is 8 digits")
  .refine(isValidNihii, { message: "NIHII check digits (97 − first 6 mod 97) do not match", params: { message: "field.invalid_nihii" } });

export const IsoDateSchema = z.iso.date();
