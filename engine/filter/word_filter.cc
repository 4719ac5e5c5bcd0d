#include "engine/filter/word_filter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "banter/error.h"
#include "engine/core/idgen.h"
#include "engine/core/strings.h"
#include "engine/core/validate.h"
#include "engine/invariants.h"

namespace banter::internal {
namespace {

bool IsBlank(unsigned char c) { return c == ' ' || c == '\t'; }

absl::Status BadEntry(std::string_view entry, std::string_view why) {
  // The entry itself is not echoed: it may be long, and it is a bad word.
  return MakeError(ErrorCode::kParamsBindingError,
                   absl::StrCat("word filter entry of ", entry.size(),
                                " bytes: ", Sv(why)));
}

MatchPattern PatternOf(std::string_view entry) {
  MatchPattern p;
  p.open_left = entry.front() == '*';
  p.open_right = entry.size() > 1 && entry.back() == '*';
  entry.remove_prefix(p.open_left ? 1 : 0);
  entry.remove_suffix(p.open_right ? 1 : 0);
  p.text = std::string(entry);
  return p;
}

}  // namespace

absl::StatusOr<std::string> NormalizeFilterEntry(std::string_view entry) {
  if (entry.empty()) return BadEntry(entry, "empty");
  if (entry.size() > kMaxWordFilterEntryBytes) {
    return BadEntry(entry, absl::StrCat("longer than ",
                                        kMaxWordFilterEntryBytes, " bytes"));
  }
  if (!IsValidUtf8(entry)) return BadEntry(entry, "not UTF-8");
  std::string_view core = entry;
  if (core.front() == '*') core.remove_prefix(1);
  if (!core.empty() && core.back() == '*') core.remove_suffix(1);
  if (core.empty()) return BadEntry(entry, "no word besides '*'");
  if (IsBlank(core.front()) || IsBlank(core.back())) {
    return BadEntry(entry, "blank at an end of the word");
  }
  std::string out;
  out.reserve(entry.size());
  for (char ch : entry) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return BadEntry(entry, "control character");
    out.push_back(static_cast<char>(FoldAscii(c)));
  }
  if (core.find('*') != std::string_view::npos) {
    return BadEntry(entry, "'*' only at the start or the end");
  }
  return out;
}

WordFilterView WordFilter::View() const {
  WordFilterView v;
  v.words = entries_;
  v.action = action_;
  v.check_names = check_names_;
  return v;
}

absl::StatusOr<WordFilter> WordFilter::Updated(
    const WordFilterRequest& r) const {
  // Validate every entry of every list before anything else.
  auto normalize_all = [](const std::vector<std::string>& in)
      -> absl::StatusOr<std::vector<std::string>> {
    std::vector<std::string> out;
    out.reserve(in.size());
    for (const std::string& e : in) {
      absl::StatusOr<std::string> n = NormalizeFilterEntry(e);
      if (!n.ok()) return n.status();
      out.push_back(*std::move(n));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  std::vector<std::string> base;
  if (r.words.has_value()) {
    // A list larger than any acceptable result is refused unread, so one
    // request cannot make the engine normalize millions of entries.
    if (r.words->size() > kMaxWordFilterEntries * 2) {
      return MakeError(ErrorCode::kWordFilterLimitExceeded,
                       "too many word filter entries");
    }
    absl::StatusOr<std::vector<std::string>> w = normalize_all(*r.words);
    if (!w.ok()) return w.status();
    base = *std::move(w);
  }
  if (r.add.size() > kMaxWordFilterEntries * 2) {
    return MakeError(ErrorCode::kWordFilterLimitExceeded,
                     "too many word filter entries");
  }
  absl::StatusOr<std::vector<std::string>> add = normalize_all(r.add);
  if (!add.ok()) return add.status();
  absl::StatusOr<std::vector<std::string>> remove = normalize_all(r.remove);
  if (!remove.ok()) return remove.status();

  const std::vector<std::string>& from =
      r.words.has_value() ? base : entries_;
  std::vector<std::string> merged;
  merged.reserve(from.size() + add->size());
  std::set_union(from.begin(), from.end(), add->begin(), add->end(),
                 std::back_inserter(merged));
  std::vector<std::string> kept;
  kept.reserve(merged.size());
  std::set_difference(merged.begin(), merged.end(), remove->begin(),
                      remove->end(), std::back_inserter(kept));
  if (kept.size() > kMaxWordFilterEntries) {
    return MakeError(ErrorCode::kWordFilterLimitExceeded,
                     absl::StrCat("a word filter holds at most ",
                                  kMaxWordFilterEntries, " entries"));
  }
  WordFilter next;
  next.action_ = r.action.value_or(action_);
  next.check_names_ = r.check_names.value_or(check_names_);
  if (kept == entries_) {
    next.entries_ = entries_;
    next.matcher_ = matcher_;  // same entries: no rebuild
    next.built_from_ = built_from_;
  } else {
    next.entries_ = std::move(kept);
    next.Rebuild();
  }
  return next;
}

bool WordFilter::Assign(std::vector<std::string> entries, FilterAction action,
                        bool check_names) {
  for (std::string& e : entries) {
    absl::StatusOr<std::string> n = NormalizeFilterEntry(e);
    if (!n.ok()) return false;
    e = *std::move(n);
  }
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  if (entries.size() > kMaxWordFilterEntries) return false;
  entries_ = std::move(entries);
  action_ = action;
  check_names_ = check_names;
  Rebuild();
  return true;
}

void WordFilter::Rebuild() {
  std::vector<MatchPattern> patterns;
  patterns.reserve(entries_.size());
  for (const std::string& e : entries_) patterns.push_back(PatternOf(e));
  matcher_ = PatternMatcher(patterns);
  built_from_ = Fingerprint(entries_);
}

uint64_t WordFilter::Fingerprint(const std::vector<std::string>& entries) {
  uint64_t h = Fnv1a64("word filter");
  for (const std::string& e : entries) {
    h = Mix64(h ^ Fnv1a64(e));
  }
  return h;
}

absl::StatusOr<bool> WordFilter::CheckText(std::string_view text,
                                           std::string* masked) const {
  if (entries_.empty()) return false;
  if (action_ == FilterAction::kRefuse) {
    if (matcher_.Matches(text)) {
      return MakeError(ErrorCode::kProfanityInContent,
                       "the text holds a word the app's filter refuses");
    }
    return false;
  }
  return matcher_.Mask(text, masked);
}

absl::Status WordFilter::CheckName(std::string_view name) const {
  if (!check_names_ || entries_.empty() || !matcher_.Matches(name)) {
    return absl::OkStatus();
  }
  return MakeError(ErrorCode::kProfanityInContent,
                   "the name holds a word the app's filter refuses");
}

absl::Status WordFilter::CheckInvariants() const {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0 && !(entries_[i - 1] < entries_[i])) {
      return Violation("F1", absl::StrCat("entries ", i - 1, " and ", i,
                                          " are out of order or repeated"));
    }
    absl::StatusOr<std::string> n = NormalizeFilterEntry(entries_[i]);
    if (!n.ok() || *n != entries_[i]) {
      return Violation("F1", absl::StrCat("entry ", i, " is not normal"));
    }
  }
  if (entries_.size() > kMaxWordFilterEntries) {
    return Violation("F2", absl::StrCat(entries_.size(), " entries"));
  }
  if (built_from_ != Fingerprint(entries_)) {
    return Violation("F3", "the automaton was built from other entries");
  }
  return absl::OkStatus();
}

void WordFilter::Dump(std::string* out) const {
  if (is_default()) return;
  absl::StrAppend(out, "word_filter action=",
                  action_ == FilterAction::kRefuse ? "refuse" : "mask",
                  " check_names=", check_names_ ? 1 : 0,
                  " entries=", entries_.size(), "\n");
  for (const std::string& e : entries_) {
    absl::StrAppend(out, "  word ", e, "\n");
  }
}

}  // namespace banter::internal
