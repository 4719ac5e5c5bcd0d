// Error codes: the stable contract between the engine and every client.
//
// Every failure the engine returns is an absl::Status whose canonical code is
// fixed by the domain code (table in docs/errors.md) and which carries the
// domain code as a payload. The numeric values of codes below 7000 are the
// TalkPlus platform's own codes, so the TalkPlus adapter passes them through
// unchanged. Codes from 7000 up are banter's extensions, for conditions the
// TalkPlus table has no code for (unknown message, unknown bot, the GitpleLive
// manager rules). Values are append-only: never renumber or reuse one.
//
// Thread-safety: everything here is a pure function and safe to call from any
// thread.
#ifndef BANTER_ERROR_H_
#define BANTER_ERROR_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace banter {

enum class ErrorCode : uint16_t {
  // Request shape.
  kParamsBindingError = 1001,  // malformed parameter (too long, bad value)
  kInvalidParams = 1002,       // required parameter missing
  kInternalError = 1003,       // never raised by the core; reserved
  kUnauthorized = 1006,        // wrong credentials, or actor kind not allowed
  kLoginRequired = 1007,       // call needs a logged-in session
  kTooManyRequests = 1010,     // rate limit bucket empty (adapters only)
  kInvalidMetaData = 1011,     // bad `data` map
  kDeactivatedApp = 1012,      // the app is deactivated
  kInvalidPrivateData = 1013,  // bad privateData map
  kInvalidPrivateTag = 1014,   // bad privateTag
  kInvalidMemberInfo = 1015,   // bad memberInfo map

  // Channels and membership.
  kChannelOwnerNotFound = 2000,
  kChannelMemberNotFound = 2001,
  kChannelIdAlreadyTaken = 2002,
  kChannelNotFound = 2003,
  kReuseChannelMembersDoNotMatch = 2004,
  kUserNotChannelMember = 2005,
  kChannelUpdateNotAuthorized = 2006,
  kCannotRemoveChannelOwner = 2007,
  kAlreadyMember = 2008,
  kRemoveUserNotMember = 2009,
  kBanUserNotMember = 2010,
  kCannotJoinPrivateChannel = 2011,
  kInvitationCodeRequired = 2012,
  kInvitationCodeCannotBeEmpty = 2013,
  kWrongInvitationCode = 2014,
  kChannelNotInvitationOnlyType = 2015,
  kCannotBanOwnerFromChannel = 2016,
  kCannotAddBannedUser = 2017,
  kBannedFromChannel = 2018,
  kCannotCreateChannelWithBlockedMember = 2019,
  kCannotCreateChannelWhenBlockedByMember = 2020,
  kCannotAddBlockedMember = 2021,
  kCannotAddMemberWhenBlockedByMember = 2022,
  kCannotJoinChannelBlockedByOwner = 2023,
  kCannotJoinChannelBlockedOwner = 2024,
  kCannotSendMessageInFrozenChannel = 2025,
  kMentionedUserDoesNotExist = 2026,
  kMutedInChannel = 2027,
  kCannotMuteChannelOwner = 2028,
  kMaxChannelMemberCountExceeded = 2029,
  kAlreadyChannelOwner = 2030,
  kNotChannelOwner = 2031,

  // Users and sessions.
  kSessionNotFound = 3001,
  kSessionTokenInvalid = 3002,
  kUserNotFound = 3003,
  kUserIdTaken = 3004,
  kAppNotFound = 3005,
  kAnonymousLoginNotAllowed = 3006,
  kWrongPassword = 3008,
  kInvalidLoginToken = 3009,
  kDeactivatedUser = 3010,

  // Messages.
  kSenderNotChannelMember = 4000,
  kMsgSizeLimitExceeded = 4001,
  kBothMsgTextDataMissing = 4002,

  // Blocks.
  kCannotBlockSelf = 5000,
  kCannotUnblockSelf = 5001,
  kUserNotBlocked = 5002,

  // Files.
  kFileSizeLimitExceeded = 6001,

  // banter extensions (no TalkPlus counterpart).
  kMessageNotFound = 7001,        // no such message in the channel (or gone)
  kBotNotFound = 7002,            // no such bot
  kBotIdTaken = 7003,             // bot id in use
  kNotMessageSender = 7004,       // edit/delete/meta by someone not allowed
  kReactionNotFound = 7005,       // removing a reaction the user does not hold
  kManagerLimitExceeded = 7006,   // GitpleLive 1011
  kNotManager = 7007,             // GitpleLive 1016
  kCannotBanManager = 7008,       // GitpleLive 1017
  kCannotBanSelf = 7009,          // GitpleLive 1018
  kBotAlreadyInChannel = 7010,    // bot join twice
  kBotNotInChannel = 7011,        // bot leave/send without having joined
  kAppIdTaken = 7012,             // app create with a used id
  kAlreadyManager = 7013,         // registering a manager twice
  kUserAlreadyBlocked = 7014,     // blocking someone already blocked
  kUserQuotaExceeded = 7015,      // the app holds EngineOptions::max_users
  kChannelQuotaExceeded = 7016,   // the app holds EngineOptions::max_channels
  kAppQuotaExceeded = 7017,       // the server holds ServerOptions::max_apps
  // Replicas (banter::replica, docs/scale-out.md); never raised by the engine.
  kReplicaUnavailable = 7018,     // write refused: NATS unreachable, not applied
  kReplicaWriteUnconfirmed = 7019,  // write not applied in time; may apply once
  // Word filter and presence (docs/word-filter.md, docs/presence.md).
  kProfanityInContent = 7020,     // GitpleLive 1020: the word filter refuses
  kUserNotConnected = 7021,       // presence: the user has no connection
  kWordFilterLimitExceeded = 7022,  // more than kMaxWordFilterEntries entries
  // Moderation tools (banter/moderation.h, docs/moderation.md). The two
  // rate codes carry the time left (RetryAfterOf).
  kSlowModeActive = 7030,         // a member sends again before the interval
  kFloodLimitExceeded = 7031,     // a user sends more than the flood limit
  kAlreadyReported = 7032,        // the reporter has an open report of it
  kReportLimitExceeded = 7033,    // kMaxOpenReportsPerReporter open reports
  kCannotReportSelf = 7034,       // reporting oneself or one's own message
  kReportNotFound = 7035,         // no such open report
  kAlreadyPinned = 7036,          // pinning a pinned message
  kNotPinned = 7037,              // unpinning a message that is not pinned
  kPinLimitExceeded = 7038,       // kMaxPinnedMessages pins in the channel
};

// The canonical absl code for a domain code (the table in docs/errors.md).
absl::StatusCode CanonicalCodeOf(ErrorCode code);

// The platform's name for the code ("ChannelNotFound"), used as the message
// of TalkPlus error envelopes. Never empty.
std::string_view ErrorName(ErrorCode code);

// The HTTP status the TalkPlus adapter answers with (docs/errors.md).
int HttpStatusOf(ErrorCode code);

// Builds the status for `code`, with `detail` as its human-readable message.
absl::Status MakeError(ErrorCode code, std::string_view detail);

// The domain code attached by MakeError, or nullopt for any other status
// (OK included).
std::optional<ErrorCode> ErrorCodeOf(const absl::Status& status);

// MakeError for a rule that lifts by itself with time (kSlowModeActive,
// kFloodLimitExceeded): the status also carries `retry_after_ms`, the
// milliseconds until the same call would pass that rule (> 0).
absl::Status MakeRetryError(ErrorCode code, std::string_view detail,
                            int64_t retry_after_ms);

// The milliseconds attached by MakeRetryError, or nullopt for any other
// status.
std::optional<int64_t> RetryAfterOf(const absl::Status& status);

// Every code in the enum, in numeric order. For docs and exhaustive tests.
const ErrorCode* AllErrorCodesBegin();
const ErrorCode* AllErrorCodesEnd();

}  // namespace banter

#endif  // BANTER_ERROR_H_
