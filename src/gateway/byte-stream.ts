/**
 * A response body pulled from an async generator of byte chunks: the next chunk is produced only
 * when the client has taken the previous one (backpressure, so memory stays flat whatever the
 * batch size). A failure mid-way errors the body instead of ending it: a truncated export must
 * never look complete to an import job that would then acknowledge documents it never received.
 */
export function byteStream(chunks: AsyncGenerator<Uint8Array>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
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
