// Per-area invariant checks and state dumps, composed by
// Engine::CheckInvariants and Engine::DebugString. Each area defines its own
// pair in its folder; each check returns the first violation, named
// ("invariant C2: ...").
#ifndef BANTER_ENGINE_INVARIANTS_H_
#define BANTER_ENGINE_INVARIANTS_H_

#include <string>

#include "absl/status/status.h"
#include "engine/state.h"

namespace banter::internal {

absl::Status CheckUserInvariants(const State& s);        // engine/users
absl::Status CheckChannelInvariants(const State& s);     // engine/channels
absl::Status CheckModerationInvariants(const State& s);  // engine/moderation
absl::Status CheckBotInvariants(const State& s);         // engine/bots
absl::Status CheckMessageInvariants(const State& s);     // engine/messages

// Each appends its facts, one per line, in handle order.
void DumpUsers(const State& s, std::string* out);
void DumpChannels(const State& s, std::string* out);
void DumpModeration(const State& s, std::string* out);
void DumpBots(const State& s, std::string* out);
void DumpMessages(const State& s, std::string* out);

// Moderation tools (banter/moderation.h): pins and slow mode, the flood
// limit (engine/messages), reports (engine/reports).
absl::Status CheckPinInvariants(const State& s);
absl::Status CheckSendLimitInvariants(const State& s);
absl::Status CheckReportInvariants(const State& s);
void DumpPins(const State& s, std::string* out);
void DumpSendLimits(const State& s, std::string* out);
void DumpReports(const State& s, std::string* out);

// After a mutating call: when options.check_invariants, runs every check
// and aborts on a violation (a violation is our bug, not the caller's).
void PostMutation(const State& s);

// Makes an invariant violation status.
absl::Status Violation(std::string_view invariant, std::string_view detail);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_INVARIANTS_H_
