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
#include <functional>
#include <new>

namespace {

constexpr std::size_t huge_page_bytes = std::size_t{2} << 20;
constexpr std::size_t block_alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

// Constant-initialised, so it is ready before any static constructor allocates.
struct Region {
    char* begin = nullptr;
    char* end = nullptr;
    std::atomic<char*> next{nullptr};
};

Region region;
std::atomic<int> region_state{0};  // 0: not mapped yet, 1: mapped, 2: unavailable

// Maps twice the size, keeps the 2 MiB-aligned half (a huge page needs an aligned range) and
// asks for a huge page there.
char* map_region() {
    void* mapped = mmap(nullptr, 2 * huge_page_bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapped == MAP_FAILED) return nullptr;
    char* const raw = static_cast<char*>(mapped);
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(raw) % huge_page_bytes;
    const std::size_t head = misalignment == 0 ? 0 : huge_page_bytes - misalignment;
    char* const aligned = raw + head;
    if (head > 0) munmap(raw, head);
    const std::size_t tail = huge_page_bytes - head;
    if (tail > 0) munmap(aligned + huge_page_bytes, tail);
#ifdef MADV_HUGEPAGE
    madvise(aligned, huge_page_bytes, MADV_HUGEPAGE);
#endif
    region.begin = aligned;
    region.end = aligned + huge_page_bytes;
    return aligned;
}

void* region_allocate(std::size_t bytes) noexcept {
    int state = region_state.load(std::memory_order_acquire);
    if (state == 0) {
        // Single-threaded in practice; a racing second mapper just loses its region.
        char* const begin = map_region();
        region.next.store(begin, std::memory_order_relaxed);
        state = begin != nullptr ? 1 : 2;
        region_state.store(state, std::memory_order_release);
    }
    if (state != 1 || bytes > huge_page_bytes) return nullptr;
    const std::size_t rounded = (bytes + block_alignment - 1) & ~(block_alignment - 1);
    char* at = region.next.load(std::memory_order_relaxed);
    do {
        if (static_cast<std::size_t>(region.end - at) < rounded) return nullptr;
    } while (!region.next.compare_exchange_weak(at, at + rounded, std::memory_order_relaxed));
    return at;
}

bool in_region(const void* pointer) noexcept {
    const char* const at = static_cast<const char*>(pointer);
    // std::less gives a total order over unrelated pointers.
    return region.begin != nullptr && !std::less<const char*>()(at, region.begin) &&
           std::less<const char*>()(at, region.end);
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
