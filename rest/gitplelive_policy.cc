#include "rest/gitplelive_policy.h"

#include <optional>
#include <string>

#include "absl/strings/cord.h"
#include "banter/error.h"

namespace banter::rest::gitple {

bool IsValidUserId(std::string_view id) {
  if (id.empty() || id.size() > kMaxUserIdChars) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {
constexpr std::string_view kCodePayload = "banter.gitplelive/code";
}  // namespace

absl::Status DialectError(int code, std::string_view detail) {
  absl::Status s(absl::StatusCode::kFailedPrecondition,
                 absl::string_view(detail.data(), detail.size()));
  s.SetPayload(absl::string_view(kCodePayload.data(), kCodePayload.size()),
               absl::Cord(std::to_string(code)));
  return s;
}

WireError WireErrorOf(const absl::Status& status) {
  if (auto own = status.GetPayload(
          absl::string_view(kCodePayload.data(), kCodePayload.size()))) {
    if (*own == std::to_string(kUserTokenOff.code)) return kUserTokenOff;
  }
  static constexpr WireError kInvalid{400, 1001,
                                      "Invalid or missing parameters"};
  static constexpr WireError kUnknown{500, 9999, "Unknown Server Error"};
  const std::optional<ErrorCode> code = ErrorCodeOf(status);
  if (!code.has_value()) return kUnknown;
  switch (*code) {
    // The core's request-shape codes all read "invalid or missing" here:
    // GitpleLive has one validation code, meta included.
    case ErrorCode::kParamsBindingError:
    case ErrorCode::kInvalidParams:
    case ErrorCode::kInvalidMetaData:
    case ErrorCode::kReuseChannelMembersDoNotMatch:
    // Registering a manager twice has no code of its own (§10: decided).
    case ErrorCode::kAlreadyManager:
      return kInvalid;
    case ErrorCode::kInternalError:
      return kUnknown;
    // Replicas (docs/scale-out.md): the dialect has no code for them.
    case ErrorCode::kReplicaUnavailable:
      return {503, 9999, "Service Unavailable"};
    case ErrorCode::kReplicaWriteUnconfirmed:
      return {504, 9999, "Write Not Confirmed"};
    case ErrorCode::kUnauthorized:
      return kUnauthorizedKey;
    case ErrorCode::kDeactivatedApp:
    case ErrorCode::kAppNotFound:
      return kUnauthorizedApp;
    case ErrorCode::kTooManyRequests:
      return {500, 9001, "Too Many Requests"};
    case ErrorCode::kChannelNotFound:
      return {400, 1003, "The requested channel could not be found"};
    case ErrorCode::kUserNotFound:
    case ErrorCode::kChannelOwnerNotFound:
      return {400, 1004, "The requested user could not be found"};
    case ErrorCode::kMessageNotFound:
      return {400, 1005, "The requested message could not be found"};
    case ErrorCode::kAlreadyMember:
      return {400, 1006, "Member already joined"};
    case ErrorCode::kChannelIdAlreadyTaken:
    case ErrorCode::kUserIdTaken:
      return {400, 1007, "Duplicate ID"};
    case ErrorCode::kUserNotChannelMember:
    case ErrorCode::kSenderNotChannelMember:
    case ErrorCode::kRemoveUserNotMember:
    case ErrorCode::kBanUserNotMember:
    case ErrorCode::kChannelMemberNotFound:
      return {400, 1008, "Not Joined"};
    case ErrorCode::kCannotSendMessageInFrozenChannel:
      return {400, 1009, "Frozen channel"};
    case ErrorCode::kMaxChannelMemberCountExceeded:
      return {400, 1010, "Number of members exceeded"};
    case ErrorCode::kManagerLimitExceeded:
      return {400, 1011, "Number of managers exceeded"};
    case ErrorCode::kFileSizeLimitExceeded:
      return {400, 1012, "File size exceeded"};
    case ErrorCode::kNotManager:
      return {400, 1016, "Not a registered manager"};
    case ErrorCode::kCannotBanManager:
      return {400, 1017, "Managers can not ban each other"};
    case ErrorCode::kCannotBanSelf:
      return {400, 1018, "Can not ban yourself"};
    case ErrorCode::kBannedFromChannel:
    case ErrorCode::kCannotAddBannedUser:
      return {400, 1019, "Join is a banned user"};
    case ErrorCode::kProfanityInContent:
      return {400, 1020, "Profanity in content"};
    case ErrorCode::kNotChannelOwner:
    case ErrorCode::kChannelUpdateNotAuthorized:
    case ErrorCode::kNotMessageSender:
      return {400, 3001, "No permissions"};
    // banter's moderation tools (docs/moderation.md): GitpleLive documents
    // no codes for them; these are ours, in a range it does not use.
    case ErrorCode::kSlowModeActive:
      return {400, 1030, "Slow mode: wait before sending again"};
    case ErrorCode::kFloodLimitExceeded:
      return {400, 1031, "Sending too fast: wait before sending again"};
    case ErrorCode::kAlreadyReported:
      return {400, 1032, "Already reported"};
    case ErrorCode::kReportLimitExceeded:
      return {400, 1033, "Number of open reports exceeded"};
    case ErrorCode::kCannotReportSelf:
      return {400, 1034, "Can not report yourself"};
    case ErrorCode::kReportNotFound:
      return {400, 1035, "The requested report could not be found"};
    case ErrorCode::kAlreadyPinned:
      return {400, 1036, "Message already pinned"};
    case ErrorCode::kNotPinned:
      return {400, 1037, "Message not pinned"};
    case ErrorCode::kPinLimitExceeded:
      return {400, 1038, "Number of pinned messages exceeded"};
    default:
      break;
  }
  // Every other core code belongs to a feature GitpleLive lacks (blocks,
  // invitation codes, bots, sessions); reaching one from this surface is a
  // request the dialect cannot express well, so it reads as invalid input.
  return kInvalid;
}

}  // namespace banter::rest::gitple
