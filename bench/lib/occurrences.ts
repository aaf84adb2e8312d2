/**
 * How many times `marker` occurs in `bytes`: how the export clients count the documents of a
 * body. They keep bytes, as an insurer's job writes them to its importer, rather than decoding
 * megabytes to a string on the same two cores the server runs on.
 */
export function occurrences(bytes: Buffer, marker: string): number {
  let count = 0;
  for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + marker.length)) count += 1;
  return count;
}
