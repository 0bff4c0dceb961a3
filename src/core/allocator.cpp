#include "core/allocator.hpp"

#include <malloc.h>

namespace th {

void tune_allocator_for_batch_work() {
  // Blocks up to 32 MiB (glibc's largest mmap threshold) come from the heap, so a file's DOM is
  // recycled rather than unmapped; and the heap is never trimmed below 1 GiB of free space.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace th
