// Engine construction options.
//
// Everything that would otherwise be ambient (clock, randomness, where events
// go) is given here or passed per call, so an engine is a deterministic
// function of its options and the calls made on it.
#ifndef BANTER_OPTIONS_H_
#define BANTER_OPTIONS_H_

#include <array>
#include <cstdint>
#include <string>

#include "banter/events.h"
#include "banter/types.h"

namespace banter {

class JournalSink;  // banter/durability.h

struct EngineOptions {
  // Seeds every generated id (channel ids, message ids, tokens, salts).
  uint64_t seed = 0;

  // Receives events; null discards them. Not owned; must outlive the engine.
  EventSink* sink = nullptr;

  // Hears every change of a member's slot in its channel's member array
  // (MemberSlotObserver, banter/events.h); null costs one branch per change.
  // Not owned; must outlive the engine.
  MemberSlotObserver* member_slots = nullptr;

  // Fills message translations; null translates nothing. Not owned.
  Translator* translator = nullptr;

  // Receives one record per successful mutating call (banter/durability.h);
  // null journals nothing and costs one branch per call. Not owned; must
  // outlive the engine.
  JournalSink* journal = nullptr;

  // App settings that matter to the domain (docs/model.md). Anonymous login
  // is off unless turned on, and even then never opens a session for a user
  // with a password or a login token (docs/decisions.md, D4).
  bool anonymous_login_allowed = false;

  // Messages kept per channel, by channel type (indexed by ChannelType). When a
  // channel holds more, its oldest message is dropped. 0 = unlimited.
  std::array<uint32_t, kChannelTypeCount> history_cap = {
      10'000, 10'000, 10'000, 10'000, 10'000, 10'000, 10'000};

  // bcrypt work factor for stored password hashes (4..31). Simulations and
  // tests lower it; production keeps the default.
  int password_cost = 10;

  // Secret mixed into login and session tokens, so tokens cannot be guessed
  // from the seed alone. Embedders should set it.
  std::string token_secret;

  // When true (TalkPlus: a login token is valid until a newer one is issued),
  // issuing a login token invalidates the previous one ("last issued
  // wins"); when false, every issued token stays valid until
  // the password changes.
  bool last_login_token_wins = true;

  // Quotas: live users and live channels the engine (one app) may hold;
  // 0 = unlimited. Creating one more fails with kUserQuotaExceeded or
  // kChannelQuotaExceeded and changes nothing; deleting one frees its place.
  // Replay (ApplyRecord) does not check them: a create that was accepted
  // stays accepted even if the quota was lowered since (docs/reliability.md).
  // Messages per channel are bounded by history_cap above (oldest dropped).
  uint32_t max_users = 0;
  uint32_t max_channels = 0;

  // GitpleLive: managers per channel (its docs name a cap but not the number).
  int max_managers = 10;

  // Run CheckInvariants() after every mutating call and abort on a violation.
  // Costs O(state) per call; for tests and debugging.
  bool check_invariants = false;
};

}  // namespace banter

#endif  // BANTER_OPTIONS_H_
