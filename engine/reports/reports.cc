// Reports (banter/moderation.h, docs/moderation.md, "Reports"): a user
// reports a message or another user; the admin lists and resolves them.
//
// Only open reports are state. Resolving one removes it; the resolution
// stays in the journal record of the ResolveReport command, which is the
// audit trail. So the state holds at most kMaxOpenReportsPerReporter
// reports per user, however long the app runs.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/messages/messages.h"
#include "engine/reports/reports_key.h"

namespace banter {
namespace internal {
namespace {

bool SameTarget(const ReportRecord& a, const ReportRecord& b) {
  return a.kind == b.kind && a.user == b.user && a.message == b.message;
}

ReportView ViewOf(const State& s, ReportId id, const ReportRecord& r) {
  ReportView v;
  v.handle = id;
  v.id = std::to_string(id.value());
  v.kind = r.kind;
  v.category = r.category;
  v.reporter_id = std::string(s.users.names().Name(r.reporter));
  if (r.user.valid()) v.user_id = std::string(s.users.names().Name(r.user));
  if (r.kind == ReportKind::kMessage) {
    v.channel_id = std::string(s.channels.names().Name(r.message.channel()));
    v.message = r.message;
    v.message_id = ExternalMessageId(s, r.message);
    v.message_text = r.message_text;
  }
  v.reason = r.reason;
  v.created_at = r.created_at;
  return v;
}

// The target of `r` as a record (kind, user, message, text), after every
// check on it. Errors: kInvalidParams, kParamsBindingError, kUserNotFound,
// kMessageNotFound, kUserNotChannelMember, kCannotReportSelf.
absl::StatusOr<ReportRecord> Target(const State& s, const ReportRequest& r) {
  ReportRecord rec;
  rec.kind = r.kind;
  switch (r.kind) {
    case ReportKind::kUser: {
      if (r.message.valid()) {
        return MakeError(ErrorCode::kParamsBindingError,
                         "a user report names no message");
      }
      if (!r.user.valid()) {
        return MakeError(ErrorCode::kInvalidParams,
                         "a user report names the user");
      }
      BANTER_RETURN_IF_ERROR(LiveUser(s, r.user).status());
      if (r.user == r.reporter) {
        return MakeError(ErrorCode::kCannotReportSelf,
                         "users cannot report themselves");
      }
      rec.user = r.user;
      return rec;
    }
    case ReportKind::kMessage: {
      if (r.user.valid()) {
        return MakeError(ErrorCode::kParamsBindingError,
                         "a message report names no user");
      }
      if (!r.message.valid()) {
        return MakeError(ErrorCode::kInvalidParams,
                         "a message report names the message");
      }
      BANTER_ASSIGN_OR_RETURN(const SeenMessage seen,
                              SeeMessage(s, r.message, r.reporter));
      if (seen.sender == r.reporter) {
        return MakeError(ErrorCode::kCannotReportSelf,
                         "users cannot report their own messages");
      }
      rec.user = seen.sender;
      rec.message = r.message;
      rec.message_text = std::string(seen.text);
      return rec;
    }
  }
  return MakeError(ErrorCode::kParamsBindingError, "unknown report kind");
}

}  // namespace
}  // namespace internal

absl::StatusOr<ReportId> internal::HandleFileReport(internal::State& s,
                                                    const Actor& actor,
                                                    const ReportRequest& r,
                                                    Millis now) {
  const Millis t = s.Clamp(now);
  if (actor.is_bot() || (actor.is_user() && r.reporter != actor.user)) {
    return MakeError(ErrorCode::kUnauthorized,
                     "users file reports as themselves");
  }
  if (!r.reporter.valid()) {
    return MakeError(ErrorCode::kInvalidParams, "a report names its reporter");
  }
  BANTER_RETURN_IF_ERROR(LiveUser(s, r.reporter).status());
  if (static_cast<int>(r.category) >= kReportCategoryCount) {
    return MakeError(ErrorCode::kParamsBindingError, "unknown report category");
  }
  if (!FitsChars(r.reason, kMaxReportReasonChars)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "reason must be UTF-8 of at most 256 characters");
  }
  BANTER_ASSIGN_OR_RETURN(ReportRecord rec, Target(s, r));
  rec.reporter = r.reporter;
  rec.category = r.category;
  rec.reason = r.reason;
  rec.created_at = t;
  ReportBook& book = s.reports.Mutable(kReportsKey);
  auto mine = book.by_reporter.find(r.reporter);
  if (mine != book.by_reporter.end()) {
    for (ReportId id : mine->second) {
      if (SameTarget(book.open.at(id), rec)) {
        return MakeError(ErrorCode::kAlreadyReported,
                         absl::StrCat("the reporter's report ", id.value(),
                                      " of this target is still open"));
      }
    }
    if (mine->second.size() >=
        static_cast<size_t>(kMaxOpenReportsPerReporter)) {
      return MakeError(ErrorCode::kReportLimitExceeded,
                       absl::StrCat("a reporter holds at most ",
                                    kMaxOpenReportsPerReporter,
                                    " open reports"));
    }
  }
  s.Tick(t);
  const ReportId id(++book.issued);
  book.open.emplace(id, std::move(rec));
  book.by_reporter[r.reporter].push_back(id);
  return id;
}

absl::Status internal::HandleResolveReport(internal::State& s,
                                           const Actor& actor, ReportId report,
                                           ReportResolution resolution,
                                           Millis now) {
  BANTER_RETURN_IF_ERROR(CheckAdmin(actor));
  if (static_cast<int>(resolution) >= kReportResolutionCount) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "unknown report resolution");
  }
  ReportBook& book = s.reports.Mutable(kReportsKey);
  auto it = book.open.find(report);
  if (it == book.open.end()) {
    return MakeError(ErrorCode::kReportNotFound, "no such open report");
  }
  s.Tick(s.Clamp(now));
  const UserId reporter = it->second.reporter;
  book.open.erase(it);
  auto mine = book.by_reporter.find(reporter);
  auto& ids = mine->second;
  ids.erase(std::find(ids.begin(), ids.end(), report));
  if (ids.empty()) book.by_reporter.erase(mine);
  return absl::OkStatus();
}

absl::StatusOr<Page<ReportView>> Engine::ListReports(const Actor& actor,
                                                     ReportId after,
                                                     int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const int n = internal::ClampLimit(limit, 20, 100);
  Page<ReportView> page;
  for (auto it = s.reports->open.upper_bound(after);
       it != s.reports->open.end(); ++it) {
    if (static_cast<int>(page.items.size()) == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(internal::ViewOf(s, it->first, it->second));
  }
  return page;
}

absl::StatusOr<ReportView> Engine::GetReport(const Actor& actor,
                                             ReportId report) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  auto it = s.reports->open.find(report);
  if (it == s.reports->open.end()) {
    return MakeError(ErrorCode::kReportNotFound, "no such open report");
  }
  return internal::ViewOf(s, it->first, it->second);
}

namespace internal {

absl::Status CheckReportInvariants(const State& s) {
  const ReportBook& book = s.reports.get();
  size_t indexed = 0;
  for (const auto& [reporter, ids] : book.by_reporter) {
    if (ids.empty() ||
        ids.size() > static_cast<size_t>(kMaxOpenReportsPerReporter)) {
      return Violation("R1", absl::StrCat("reporter ", reporter.value(),
                                          " lists ", ids.size(), " reports"));
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      auto it = book.open.find(ids[i]);
      if (it == book.open.end() || it->second.reporter != reporter ||
          (i > 0 && !(ids[i - 1] < ids[i]))) {
        return Violation("R1", absl::StrCat("reporter ", reporter.value(),
                                            " lists report ", ids[i].value(),
                                            " wrongly"));
      }
      for (size_t k = 0; k < i; ++k) {
        if (SameTarget(book.open.at(ids[k]), it->second)) {
          return Violation("R2", absl::StrCat("reports ", ids[k].value(),
                                              " and ", ids[i].value(),
                                              " name one target"));
        }
      }
    }
    indexed += ids.size();
  }
  if (indexed != book.open.size()) {
    return Violation("R1", absl::StrCat(book.open.size(), " open reports, ",
                                        indexed, " indexed"));
  }
  for (const auto& [id, r] : book.open) {
    const auto issued_user = [&](UserId u) {
      return u.valid() && u.value() < s.users.size();
    };
    bool ok = id.valid() && id.value() <= book.issued &&
              issued_user(r.reporter) &&
              static_cast<int>(r.category) < kReportCategoryCount &&
              FitsChars(r.reason, kMaxReportReasonChars) &&
              r.created_at <= s.now && r.user != r.reporter;
    if (r.kind == ReportKind::kUser) {
      ok = ok && issued_user(r.user) && !r.message.valid() &&
           r.message_text.empty();
    } else {
      ok = ok && r.kind == ReportKind::kMessage && r.message.valid() &&
           r.message.channel().value() < s.channels.size() &&
           (!r.user.valid() || issued_user(r.user));
    }
    if (!ok) {
      return Violation("R3", absl::StrCat("report ", id.value(),
                                          " holds an impossible value"));
    }
  }
  return absl::OkStatus();
}

void DumpReports(const State& s, std::string* out) {
  if (s.reports->issued == 0) return;
  absl::StrAppend(out, "reports issued=", s.reports->issued, "\n");
  for (const auto& [id, r] : s.reports->open) {
    absl::StrAppend(out, "report ", id.value(), " ", Sv(ReportKindName(r.kind)),
                    " by=", Sv(s.users.names().Name(r.reporter)),
                    " category=", Sv(ReportCategoryName(r.category)));
    if (r.user.valid()) {
      absl::StrAppend(out, " user=", Sv(s.users.names().Name(r.user)));
    }
    if (r.kind == ReportKind::kMessage) {
      absl::StrAppend(
          out, " message=", Sv(s.channels.names().Name(r.message.channel())),
          "#", r.message.seq(), " text=\"", absl::CEscape(r.message_text),
          "\"");
    }
    absl::StrAppend(out, " reason=\"", absl::CEscape(r.reason), "\" at=",
                    r.created_at, "\n");
  }
}

}  // namespace internal
}  // namespace banter
