// The reports area's records (banter/moderation.h): open reports and their
// per-reporter index. A resolved report leaves the state.
#ifndef BANTER_ENGINE_REPORTS_REPORT_RECORD_H_
#define BANTER_ENGINE_REPORTS_REPORT_RECORD_H_

#include <cstdint>
#include <string>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "banter/ids.h"
#include "banter/moderation.h"
#include "banter/types.h"
#include "boost/container/small_vector.hpp"

namespace banter::internal {

struct ReportRecord {
  ReportKind kind = ReportKind::kUser;
  ReportCategory category = ReportCategory::kGeneral;
  UserId reporter;
  // kUser: the reported user. kMessage: the sender (invalid for admin and
  // bot messages).
  UserId user;
  MessageId message;         // kMessage only
  std::string message_text;  // kMessage: the text when reported
  std::string reason;
  Millis created_at = 0;
  friend bool operator==(const ReportRecord&, const ReportRecord&) = default;
};

// Invariants (CheckReportInvariants, engine/reports):
//  R1. by_reporter holds exactly the ids of `open`, each under its
//      reporter, in id order, and no empty list.
//  R2. A reporter holds at most kMaxOpenReportsPerReporter open reports,
//      and no two of them name the same target (kind and user or message).
//  R3. Every id is 1..issued; every handle held was issued (users and
//      channels may have been deleted since); kUser reports name a user
//      other than the reporter and no message; kMessage reports name a
//      message and a sender other than the reporter.
//  R4. reason is at most kMaxReportReasonChars characters; created_at <=
//      now.
struct ReportBook {
  uint32_t issued = 0;  // ids handed out so far; never reused
  absl::btree_map<ReportId, ReportRecord> open;
  absl::flat_hash_map<UserId, boost::container::small_vector<ReportId, 2>>
      by_reporter;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_REPORTS_REPORT_RECORD_H_
