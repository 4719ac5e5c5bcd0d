// The error table: every domain code with its platform name, canonical absl
// code and HTTP status. docs/errors.md is this table in prose.
#include "banter/error.h"

#include <array>
#include <string>

#include "absl/strings/cord.h"

namespace banter {
namespace {

using absl::StatusCode;

struct Entry {
  ErrorCode code;
  std::string_view name;
  StatusCode canonical;
  int http;
};

constexpr Entry kTable[] = {
    {ErrorCode::kParamsBindingError, "ParamsBindingError", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kInvalidParams, "InvalidParams", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kInternalError, "InternalServerError", StatusCode::kInternal, 500},
    {ErrorCode::kUnauthorized, "Unauthorized", StatusCode::kPermissionDenied, 401},
    {ErrorCode::kLoginRequired, "LoginRequired", StatusCode::kUnauthenticated, 401},
    {ErrorCode::kTooManyRequests, "TooManyRequests", StatusCode::kResourceExhausted, 429},
    {ErrorCode::kInvalidMetaData, "InvalidMetaData", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kDeactivatedApp, "DeactivatedApp", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kInvalidPrivateData, "InvalidPrivateData", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kInvalidPrivateTag, "InvalidPrivateTag", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kInvalidMemberInfo, "InvalidMemberInfo", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kChannelOwnerNotFound, "ChannelOwnerNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kChannelMemberNotFound, "ChannelMemberNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kChannelIdAlreadyTaken, "ChannelIdAlreadyTaken", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kChannelNotFound, "ChannelNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kReuseChannelMembersDoNotMatch, "ReuseChannelMembersDoNotMatch", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kUserNotChannelMember, "UserNotChannelMember", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kChannelUpdateNotAuthorized, "ChannelUpdateNotAuthorized", StatusCode::kPermissionDenied, 403},
    {ErrorCode::kCannotRemoveChannelOwner, "CannotRemoveChannelOwner", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kAlreadyMember, "AlreadyMember", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kRemoveUserNotMember, "RemoveUserNotMember", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kBanUserNotMember, "BanUserNotMember", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kCannotJoinPrivateChannel, "CannotJoinPrivateChannel", StatusCode::kPermissionDenied, 403},
    {ErrorCode::kInvitationCodeRequired, "InvitationCodeRequired", StatusCode::kPermissionDenied, 403},
    {ErrorCode::kInvitationCodeCannotBeEmpty, "InvitationCodeCannotBeEmpty", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kWrongInvitationCode, "WrongInvitationCode", StatusCode::kPermissionDenied, 403},
    {ErrorCode::kChannelNotInvitationOnlyType, "ChannelNotInvitationOnlyType", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kCannotBanOwnerFromChannel, "CannotBanOwnerFromChannel", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kCannotAddBannedUser, "CannotAddBannedUser", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kBannedFromChannel, "BannedFromChannel", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotCreateChannelWithBlockedMember, "CannotCreateChannelWithBlockedMember", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotCreateChannelWhenBlockedByMember, "CannotCreateChannelWhenBlockedByMember", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotAddBlockedMember, "CannotAddBlockedMember", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotAddMemberWhenBlockedByMember, "CannotAddMemberWhenBlockedByMember", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotJoinChannelBlockedByOwner, "CannotJoinChannelBlockedByOwner", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotJoinChannelBlockedOwner, "CannotJoinChannelBlockedOwner", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotSendMessageInFrozenChannel, "CannotSendMessageInFrozenChannel", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kMentionedUserDoesNotExist, "MentionedUserDoesNotExist", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kMutedInChannel, "MutedInChannel", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kCannotMuteChannelOwner, "CannotMuteChannelOwner", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kMaxChannelMemberCountExceeded, "MaxChannelMemberCountExceeded", StatusCode::kResourceExhausted, 400},
    {ErrorCode::kAlreadyChannelOwner, "AlreadyChannelOwner", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kNotChannelOwner, "NotChannelOwner", StatusCode::kPermissionDenied, 403},
    {ErrorCode::kSessionNotFound, "SessionNotFound", StatusCode::kUnauthenticated, 401},
    {ErrorCode::kSessionTokenInvalid, "SessionTokenInvalid", StatusCode::kUnauthenticated, 401},
    {ErrorCode::kUserNotFound, "UserNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kUserIdTaken, "UserIDTaken", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kAppNotFound, "AppNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kAnonymousLoginNotAllowed, "AnonymousLoginNotAllowed", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kWrongPassword, "WrongPassword", StatusCode::kUnauthenticated, 401},
    {ErrorCode::kInvalidLoginToken, "InvalidLoginToken", StatusCode::kUnauthenticated, 401},
    {ErrorCode::kDeactivatedUser, "DeactivatedUser", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kSenderNotChannelMember, "SenderNotChannelMember", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kMsgSizeLimitExceeded, "MsgSizeLimitExceeded", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kBothMsgTextDataMissing, "BothMsgTextDataMissing", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kCannotBlockSelf, "CannotBlockSelf", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kCannotUnblockSelf, "CannotUnblockSelf", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kUserNotBlocked, "UserNotBlocked", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kFileSizeLimitExceeded, "FileSizeLimitExceeded", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kMessageNotFound, "MessageNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kBotNotFound, "BotNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kBotIdTaken, "BotIDTaken", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kNotMessageSender, "NotMessageSender", StatusCode::kPermissionDenied, 403},
    {ErrorCode::kReactionNotFound, "ReactionNotFound", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kManagerLimitExceeded, "ManagerLimitExceeded", StatusCode::kResourceExhausted, 400},
    {ErrorCode::kNotManager, "NotManager", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kCannotBanManager, "CannotBanManager", StatusCode::kPermissionDenied, 400},
    {ErrorCode::kCannotBanSelf, "CannotBanSelf", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kBotAlreadyInChannel, "BotAlreadyInChannel", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kBotNotInChannel, "BotNotInChannel", StatusCode::kFailedPrecondition, 403},
    {ErrorCode::kAppIdTaken, "AppIDTaken", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kAlreadyManager, "AlreadyManager", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kUserAlreadyBlocked, "UserAlreadyBlocked", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kUserQuotaExceeded, "UserQuotaExceeded", StatusCode::kResourceExhausted, 403},
    {ErrorCode::kChannelQuotaExceeded, "ChannelQuotaExceeded", StatusCode::kResourceExhausted, 403},
    {ErrorCode::kAppQuotaExceeded, "AppQuotaExceeded", StatusCode::kResourceExhausted, 403},
    {ErrorCode::kReplicaUnavailable, "ReplicaUnavailable", StatusCode::kUnavailable, 503},
    {ErrorCode::kReplicaWriteUnconfirmed, "ReplicaWriteUnconfirmed", StatusCode::kDeadlineExceeded, 504},
    {ErrorCode::kProfanityInContent, "ProfanityInContent", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kUserNotConnected, "UserNotConnected", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kWordFilterLimitExceeded, "WordFilterLimitExceeded", StatusCode::kResourceExhausted, 400},
    {ErrorCode::kSlowModeActive, "SlowModeActive", StatusCode::kResourceExhausted, 429},
    {ErrorCode::kFloodLimitExceeded, "FloodLimitExceeded", StatusCode::kResourceExhausted, 429},
    {ErrorCode::kAlreadyReported, "AlreadyReported", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kReportLimitExceeded, "ReportLimitExceeded", StatusCode::kResourceExhausted, 400},
    {ErrorCode::kCannotReportSelf, "CannotReportSelf", StatusCode::kInvalidArgument, 400},
    {ErrorCode::kReportNotFound, "ReportNotFound", StatusCode::kNotFound, 404},
    {ErrorCode::kAlreadyPinned, "AlreadyPinned", StatusCode::kAlreadyExists, 409},
    {ErrorCode::kNotPinned, "NotPinned", StatusCode::kFailedPrecondition, 400},
    {ErrorCode::kPinLimitExceeded, "PinLimitExceeded", StatusCode::kResourceExhausted, 400},
};

constexpr size_t kCount = sizeof(kTable) / sizeof(kTable[0]);

constexpr bool TableIsSorted() {
  for (size_t i = 1; i < kCount; ++i) {
    if (!(kTable[i - 1].code < kTable[i].code)) return false;
  }
  return true;
}
static_assert(TableIsSorted(), "keep kTable in numeric order");

const std::array<ErrorCode, kCount>& AllCodes() {
  static const std::array<ErrorCode, kCount> codes = [] {
    std::array<ErrorCode, kCount> a{};
    for (size_t i = 0; i < kCount; ++i) a[i] = kTable[i].code;
    return a;
  }();
  return codes;
}

const Entry* Find(ErrorCode code) {
  size_t lo = 0, hi = kCount;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kTable[mid].code < code) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < kCount && kTable[lo].code == code ? &kTable[lo] : nullptr;
}

constexpr std::string_view kPayloadUrl = "banter.dev/ErrorCode";
constexpr std::string_view kRetryPayloadUrl = "banter.dev/RetryAfterMs";

}  // namespace

absl::StatusCode CanonicalCodeOf(ErrorCode code) {
  const Entry* e = Find(code);
  return e ? e->canonical : StatusCode::kUnknown;
}

std::string_view ErrorName(ErrorCode code) {
  const Entry* e = Find(code);
  return e ? e->name : "UnknownError";
}

int HttpStatusOf(ErrorCode code) {
  const Entry* e = Find(code);
  return e ? e->http : 500;
}

absl::Status MakeError(ErrorCode code, std::string_view detail) {
  absl::Status status(CanonicalCodeOf(code),
                      absl::string_view(detail.data(), detail.size()));
  status.SetPayload(absl::string_view(kPayloadUrl.data(), kPayloadUrl.size()),
                    absl::Cord(std::to_string(static_cast<int>(code))));
  return status;
}

std::optional<ErrorCode> ErrorCodeOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  auto payload = status.GetPayload(
      absl::string_view(kPayloadUrl.data(), kPayloadUrl.size()));
  if (!payload.has_value()) return std::nullopt;
  std::string text(*payload);
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  auto code = static_cast<ErrorCode>(value);
  if (Find(code) == nullptr) return std::nullopt;
  return code;
}

absl::Status MakeRetryError(ErrorCode code, std::string_view detail,
                            int64_t retry_after_ms) {
  absl::Status status = MakeError(code, detail);
  status.SetPayload(
      absl::string_view(kRetryPayloadUrl.data(), kRetryPayloadUrl.size()),
      absl::Cord(std::to_string(retry_after_ms)));
  return status;
}

std::optional<int64_t> RetryAfterOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  auto payload = status.GetPayload(
      absl::string_view(kRetryPayloadUrl.data(), kRetryPayloadUrl.size()));
  if (!payload.has_value()) return std::nullopt;
  const std::string text(*payload);
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

const ErrorCode* AllErrorCodesBegin() { return AllCodes().data(); }
const ErrorCode* AllErrorCodesEnd() {
  return AllCodes().data() + AllCodes().size();
}

}  // namespace banter
