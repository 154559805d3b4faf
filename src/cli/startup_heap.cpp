// The llmsize program's global operator new and delete: the first 2 MiB of C++ allocations come
// from one region the kernel may back with a single transparent huge page; the rest, and
// everything when that region cannot be had, from malloc as before.
//
// Why: a run is short and allocates a few hundred KiB (the CLI parser, the catalog's fits, the
// rendered text). Each fresh 4 KiB heap page costs a page fault, and on the virtual machines
// llmsize is measured on a fault costs about 13 us: the headline command's 80-odd heap faults
// were most of its start-up cost above an empty process (docs/performance.md). One huge-page
// fault, zeroing 2 MiB, costs a fraction of that. With transparent huge pages off ("never") the
// region is ordinary memory and costs what the heap did.
//
// The region is a bump allocator: deleting a block inside it does nothing, so a run's first
// 2 MiB of allocations are never reused. The program is single-threaded, but the bump is atomic
// anyway. Only the executable links this file (not the library, the tests, the sanitizer or the
// fuzz builds).
#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;
constexpr std::size_t block_alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

struct Region {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    std::atomic<std::uintptr_t> next{0};
};

// Maps twice the size, keeps the 2 MiB-aligned half (a huge page needs an aligned range) and
// asks for a huge page there. Constant-initialised, so it is ready before any static
// constructor allocates.
std::uintptr_t map_region(Region& region) {
    void* mapped = mmap(nullptr, 2 * huge_page_bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapped == MAP_FAILED) return 0;
    const auto raw = reinterpret_cast<std::uintptr_t>(mapped);
    const std::uintptr_t aligned = (raw + huge_page_bytes - 1) & ~(huge_page_bytes - 1);
    if (aligned > raw) munmap(mapped, aligned - raw);
    const std::uintptr_t tail = aligned + huge_page_bytes;
    if (tail < raw + 2 * huge_page_bytes) {
        munmap(reinterpret_cast<void*>(tail), raw + 2 * huge_page_bytes - tail);
    }
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), huge_page_bytes, MADV_HUGEPAGE);
#endif
    region.begin = aligned;
    region.end = aligned + huge_page_bytes;
    return aligned;
}

Region region;
std::atomic<int> region_state{0};  // 0: not mapped yet, 1: mapped, 2: unavailable

void* region_allocate(std::size_t bytes) noexcept {
    int state = region_state.load(std::memory_order_acquire);
    if (state == 0) {
        // Single-threaded in practice; a racing second mapper just loses its region.
        const std::uintptr_t begin = map_region(region);
        region.next.store(begin, std::memory_order_relaxed);
        state = begin != 0 ? 1 : 2;
        region_state.store(state, std::memory_order_release);
    }
    if (state != 1 || bytes > huge_page_bytes) return nullptr;
    const std::size_t rounded = (bytes + block_alignment - 1) & ~(block_alignment - 1);
    std::uintptr_t at = region.next.load(std::memory_order_relaxed);
    do {
        if (region.end - at < rounded) return nullptr;
    } while (!region.next.compare_exchange_weak(at, at + rounded, std::memory_order_relaxed));
    return reinterpret_cast<void*>(at);
}

bool in_region(const void* pointer) noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(pointer);
    return at >= region.begin && at < region.end;
}

void* allocate(std::size_t bytes) noexcept {
    if (bytes == 0) bytes = 1;
    if (void* block = region_allocate(bytes)) return block;
    return std::malloc(bytes);
}

void release(void* pointer) noexcept {
    if (pointer != nullptr && !in_region(pointer)) std::free(pointer);
}

}  // namespace

void* operator new(std::size_t bytes) {
    if (void* block = allocate(bytes)) return block;
    throw std::bad_alloc();
}
void* operator new[](std::size_t bytes) {
    if (void* block = allocate(bytes)) return block;
    throw std::bad_alloc();
}
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept {
    return allocate(bytes);
}
void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept {
    return allocate(bytes);
}
void operator delete(void* pointer) noexcept {
    release(pointer);
}
void operator delete[](void* pointer) noexcept {
    release(pointer);
}
void operator delete(void* pointer, std::size_t) noexcept {
    release(pointer);
}
void operator delete[](void* pointer, std::size_t) noexcept {
    release(pointer);
}
void operator delete(void* pointer, const std::nothrow_t&) noexcept {
    release(pointer);
}
void operator delete[](void* pointer, const std::nothrow_t&) noexcept {
    release(pointer);
}
