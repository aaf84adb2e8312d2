/**
 * A response body pulled from an async generator of text chunks: the next chunk is produced only
 * when the client has taken the previous one (backpressure, so memory stays flat whatever the
 * batch size). A failure mid-way errors the body instead of ending it: a truncated export must
 * never look complete to an import job that would then acknowledge documents it never received.
 */
export function textStream(chunks: AsyncGenerator<string>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
