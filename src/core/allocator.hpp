#pragma once
// Allocator tuning for batch work. Parsing a GPX/TCX file builds a DOM of ~1 KB per point that
// lives for one file; glibc returns such memory to the kernel after each file by default, and
// the next file pays a page fault per 4 KiB to get it back — measured at 20 µs per fault on a VM,
// which made XML parsing 5–8x slower than the parser itself. Keeping freed memory in the heap
// makes every later file reuse it. Call once at the start of main().
namespace th {

void tune_allocator_for_batch_work();

}  // namespace th
