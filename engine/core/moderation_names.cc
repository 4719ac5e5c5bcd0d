// Wire names of the moderation tools' enums (banter/moderation.h).
#include <optional>
#include <string_view>

#include "banter/moderation.h"

namespace banter {
namespace {

constexpr std::string_view kReportKindNames[] = {"user", "message"};
constexpr std::string_view kReportCategoryNames[] = {
    "general", "spam", "profanity", "etc", "custom"};
constexpr std::string_view kReportResolutionNames[] = {"actioned",
                                                       "dismissed"};
static_assert(std::size(kReportKindNames) == kReportKindCount);
static_assert(std::size(kReportCategoryNames) == kReportCategoryCount);
static_assert(std::size(kReportResolutionNames) == kReportResolutionCount);

template <typename E, size_t N>
std::optional<E> Parse(const std::string_view (&names)[N],
                       std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

template <size_t N>
std::string_view NameAt(const std::string_view (&names)[N], size_t i) {
  return i < N ? names[i] : std::string_view("unknown");
}

}  // namespace

std::string_view ReportKindName(ReportKind kind) {
  return NameAt(kReportKindNames, static_cast<size_t>(kind));
}
std::optional<ReportKind> ParseReportKind(std::string_view name) {
  return Parse<ReportKind>(kReportKindNames, name);
}

std::string_view ReportCategoryName(ReportCategory category) {
  return NameAt(kReportCategoryNames, static_cast<size_t>(category));
}
std::optional<ReportCategory> ParseReportCategory(std::string_view name) {
  return Parse<ReportCategory>(kReportCategoryNames, name);
}

std::string_view ReportResolutionName(ReportResolution resolution) {
  return NameAt(kReportResolutionNames, static_cast<size_t>(resolution));
}
std::optional<ReportResolution> ParseReportResolution(std::string_view name) {
  return Parse<ReportResolution>(kReportResolutionNames, name);
}

}  // namespace banter
