import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/core/config.js";

describe("on/off settings", () => {
  // zod 4 skips the preprocess of an optional key that is absent: a flag with a default must not be optional.
  it("take their default when absent or empty, and 0/1 when given", () => {
    for (const env of [{}, { SQLITE_GROUP_COMMIT: "", SQLITE_WRITER_THREAD: "" }]) {
      expect(readSettings(env, "node")).toMatchObject({ groupCommit: true, writerThread: true });
    }
    expect(readSettings({ SQLITE_GROUP_COMMIT: "0", SQLITE_WRITER_THREAD: "0" }, "node")).toMatchObject({ groupCommit: false, writerThread: false });
    expect(() => readSettings({ SQLITE_WRITER_THREAD: "yes" }, "node")).toThrow(/SQLITE_WRITER_THREAD/);
  });
});
