// A fresh folder under the system temp directory, removed with everything in it at scope exit.
// Tests that read checkpoints write their own small files here.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace llmsize::testing {

class TempFolder {
  public:
    TempFolder() {
        static std::atomic<unsigned> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        m_path = std::filesystem::temp_directory_path() /
                 ("llmsize-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(m_path);
    }
    ~TempFolder() {
        std::error_code error;
        std::filesystem::remove_all(m_path, error);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

    // Writes `content` to `relative` (creating folders) and returns its path.
    std::filesystem::path write(const std::string& relative, std::string_view content) const;
    // Creates the folder `relative` and returns its path.
    std::filesystem::path make_folder(const std::string& relative) const {
        std::filesystem::create_directories(m_path / relative);
        return m_path / relative;
    }

  private:
    std::filesystem::path m_path;
};

inline void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::filesystem::path TempFolder::write(const std::string& relative,
                                               std::string_view content) const {
    const std::filesystem::path file = m_path / relative;
    std::filesystem::create_directories(file.parent_path());
    write_bytes(file, content);
    return file;
}

}  // namespace llmsize::testing
