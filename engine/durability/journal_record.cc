// Journal records: encoding, decoding and replay.
//
// Wire form of a record (all through the cereal archive in archive.h):
//   u32 format (kJournalRecordFormat) | actor | now | u16 tag | fields
// where tag is the Command alternative's index and fields are that command's
// serialize() order (serialize.h).
#include <array>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/core/strings.h"
#include "engine/durability/archive.h"
#include "engine/durability/serialize.h"
#include "engine/state.h"

namespace banter {
namespace {

constexpr std::array<std::string_view, std::variant_size_v<Command>>
    kCommandNames = {
        "SetAppDeactivated", "SetAnonymousLoginAllowed", "AdvanceTime",
        "CreateUser", "IssueLoginToken", "LoginWithToken", "LoginAnonymous",
        "Logout", "UpdateUser", "ChangePassword", "SetUserActive",
        "DeleteUser", "SetUserPush", "RegisterPushToken", "Block", "Unblock",
        "CreateChannel", "UpdateChannel", "DeleteChannel", "AddMembers",
        "RemoveMembers", "Join", "Leave", "TransferOwnership", "SetFrozen",
        "SetHidden", "HideAll", "SetChannelPush", "SetPushSounds",
        "SetMemberInfo", "SetPrivateData", "SetPrivateTag", "AddManager",
        "RemoveManager", "Ban", "Unban", "Mute", "Unmute", "MuteAll",
        "PeerMute", "PeerUnmute", "CreateBot", "UpdateBot", "DeleteBot",
        "BotJoin", "BotLeave", "SendMessage", "UpdateMessage",
        "DeleteMessage", "AddReaction", "RemoveReaction", "TranslateMessage",
        "MarkRead", "MarkAllRead", "MarkDelivered"};

// Loads alternative `tag` of Command from `ar`. Expands to one branch per
// alternative, so adding a command needs no edit here.
template <size_t... I>
bool LoadAlternative(internal::BinIn& ar, size_t tag, Command& out,
                     std::index_sequence<I...>) {
  bool found = false;
  (
      [&] {
        if (tag == I) {
          std::variant_alternative_t<I, Command> c;
          ar(c);
          out = std::move(c);
          found = true;
        }
      }(),
      ...);
  return found;
}

// A bcrypt hash (cost 4, the minimum) of kReplayPassword with a fixed salt.
// Replay of IssueLoginToken installs it for the duration of the call so the
// engine's own password check passes; the user's real hash is put back.
constexpr char kReplayPassword[] = "banter-replay";
constexpr char kReplayPasswordHash[] =
    "$2b$04$KBCwKxOzLha2MUDgW0PjXefAtSaQbSp11yNyMsDLUxYMYTcxTZ3P6";

// Detaches the journal for a replayed call and restores it afterwards.
class JournalDetach {
 public:
  explicit JournalDetach(internal::State& s)
      : s_(s), saved_(s.options.journal) {
    s.options.journal = nullptr;
  }
  ~JournalDetach() { s_.options.journal = saved_; }
  JournalDetach(const JournalDetach&) = delete;
  JournalDetach& operator=(const JournalDetach&) = delete;

 private:
  internal::State& s_;
  JournalSink* saved_;
};

// Replays a password-setting call: the call runs with a stand-in password
// (same salt draws from the token stream, so every later token matches) at
// the cheapest bcrypt cost, then the recorded hash replaces the stand-in's.
template <typename Call>
auto WithStandInPassword(internal::State& s, Call&& call) {
  const int cost = s.options.password_cost;
  s.options.password_cost = 4;
  auto result = call();
  s.options.password_cost = cost;
  return result;
}

absl::Status Apply(Engine& e, internal::State& s, const Actor& a, Millis now,
                   const Command& command) {
  struct Visitor {
    Engine& e;
    internal::State& s;
    const Actor& a;
    Millis now;

    absl::Status operator()(const cmd::SetAppDeactivated& c) {
      e.SetAppDeactivated(c.deactivated);
      return absl::OkStatus();
    }
    absl::Status operator()(const cmd::SetAnonymousLoginAllowed& c) {
      e.SetAnonymousLoginAllowed(c.allowed);
      return absl::OkStatus();
    }
    absl::Status operator()(const cmd::AdvanceTime&) {
      e.AdvanceTime(now);
      return absl::OkStatus();
    }
    absl::Status operator()(const cmd::CreateUser& c) {
      CreateUserRequest r = c.request;
      if (c.password_hash.empty()) {
        r.password.clear();
        return e.CreateUser(a, r, now).status();
      }
      r.password = kReplayPassword;
      absl::StatusOr<CreatedUser> created =
          WithStandInPassword(s, [&] { return e.CreateUser(a, r, now); });
      if (!created.ok()) return created.status();
      s.users[created->user.value()].password_hash = c.password_hash;
      return absl::OkStatus();
    }
    absl::Status operator()(const cmd::IssueLoginToken& c) {
      internal::UserRecord* u = s.user(c.user);
      if (u == nullptr || u->password_hash.empty()) {
        // Let the engine name the failure; nothing is installed.
        return e.IssueLoginToken(a, c.user, "", now).status();
      }
      std::string real = std::exchange(u->password_hash, kReplayPasswordHash);
      absl::StatusOr<std::string> token =
          e.IssueLoginToken(a, c.user, kReplayPassword, now);
      // The call never moves user records, so `u` is still valid.
      u->password_hash = std::move(real);
      return token.status();
    }
    absl::Status operator()(const cmd::LoginWithToken& c) {
      return e.LoginWithToken(c.request, now).status();
    }
    absl::Status operator()(const cmd::LoginAnonymous& c) {
      return e.LoginAnonymous(c.request, now).status();
    }
    absl::Status operator()(const cmd::Logout& c) {
      return e.Logout(c.session_token, now);
    }
    absl::Status operator()(const cmd::UpdateUser& c) {
      return e.UpdateUser(a, c.request, now);
    }
    absl::Status operator()(const cmd::ChangePassword& c) {
      absl::Status st = WithStandInPassword(
          s, [&] { return e.ChangePassword(a, c.user, kReplayPassword, now); });
      if (!st.ok()) return st;
      s.users[c.user.value()].password_hash = c.password_hash;
      return absl::OkStatus();
    }
    absl::Status operator()(const cmd::SetUserActive& c) {
      return e.SetUserActive(a, c.user, c.active, now);
    }
    absl::Status operator()(const cmd::DeleteUser& c) {
      return e.DeleteUser(a, c.user, now);
    }
    absl::Status operator()(const cmd::SetUserPush& c) {
      return e.SetUserPush(a, c.user, c.enabled, now);
    }
    absl::Status operator()(const cmd::RegisterPushToken& c) {
      return e.RegisterPushToken(a, c.user, c.kind, c.device_id, c.token, now);
    }
    absl::Status operator()(const cmd::Block& c) {
      return e.Block(a, c.blocker, c.target, now);
    }
    absl::Status operator()(const cmd::Unblock& c) {
      return e.Unblock(a, c.blocker, c.target, now);
    }
    absl::Status operator()(const cmd::CreateChannel& c) {
      return e.CreateChannel(a, c.request, now).status();
    }
    absl::Status operator()(const cmd::UpdateChannel& c) {
      return e.UpdateChannel(a, c.request, now);
    }
    absl::Status operator()(const cmd::DeleteChannel& c) {
      return e.DeleteChannel(a, c.channel, now);
    }
    absl::Status operator()(const cmd::AddMembers& c) {
      return e.AddMembers(a, c.request, now);
    }
    absl::Status operator()(const cmd::RemoveMembers& c) {
      return e.RemoveMembers(a, c.request, now);
    }
    absl::Status operator()(const cmd::Join& c) {
      return e.Join(a, c.request, now);
    }
    absl::Status operator()(const cmd::Leave& c) {
      return e.Leave(a, c.request, now);
    }
    absl::Status operator()(const cmd::TransferOwnership& c) {
      return e.TransferOwnership(a, c.channel, c.new_owner, now);
    }
    absl::Status operator()(const cmd::SetFrozen& c) {
      return e.SetFrozen(a, c.channel, c.frozen, now);
    }
    absl::Status operator()(const cmd::SetHidden& c) {
      return e.SetHidden(a, c.member, c.hidden, now);
    }
    absl::Status operator()(const cmd::HideAll& c) {
      return e.HideAll(a, c.user, now);
    }
    absl::Status operator()(const cmd::SetChannelPush& c) {
      return e.SetChannelPush(a, c.member, c.enabled, now);
    }
    absl::Status operator()(const cmd::SetPushSounds& c) {
      return e.SetPushSounds(a, c.member, c.sound_aos, c.sound_ios, now);
    }
    absl::Status operator()(const cmd::SetMemberInfo& c) {
      return e.SetMemberInfo(a, c.member, c.member_info, now);
    }
    absl::Status operator()(const cmd::SetPrivateData& c) {
      return e.SetPrivateData(a, c.member, c.private_data, now);
    }
    absl::Status operator()(const cmd::SetPrivateTag& c) {
      return e.SetPrivateTag(a, c.member, c.private_tag, now);
    }
    absl::Status operator()(const cmd::AddManager& c) {
      return e.AddManager(a, c.channel, c.user, now);
    }
    absl::Status operator()(const cmd::RemoveManager& c) {
      return e.RemoveManager(a, c.channel, c.user, now);
    }
    absl::Status operator()(const cmd::Ban& c) {
      return e.Ban(a, c.request, now);
    }
    absl::Status operator()(const cmd::Unban& c) {
      return e.Unban(a, c.request, now);
    }
    absl::Status operator()(const cmd::Mute& c) {
      return e.Mute(a, c.request, now);
    }
    absl::Status operator()(const cmd::Unmute& c) {
      return e.Unmute(a, c.request, now);
    }
    absl::Status operator()(const cmd::MuteAll& c) {
      return e.MuteAll(a, c.channel, c.expire_in_minutes, now);
    }
    absl::Status operator()(const cmd::PeerMute& c) {
      return e.PeerMute(a, c.request, now);
    }
    absl::Status operator()(const cmd::PeerUnmute& c) {
      return e.PeerUnmute(a, c.request, now);
    }
    absl::Status operator()(const cmd::CreateBot& c) {
      return e.CreateBot(a, c.request, now).status();
    }
    absl::Status operator()(const cmd::UpdateBot& c) {
      return e.UpdateBot(a, c.request, now);
    }
    absl::Status operator()(const cmd::DeleteBot& c) {
      return e.DeleteBot(a, c.bot, now);
    }
    absl::Status operator()(const cmd::BotJoin& c) {
      return e.BotJoin(a, c.bot, c.channel, now);
    }
    absl::Status operator()(const cmd::BotLeave& c) {
      return e.BotLeave(a, c.bot, c.channel, now);
    }
    absl::Status operator()(const cmd::SendMessage& c) {
      return e.SendMessage(a, c.request, now).status();
    }
    absl::Status operator()(const cmd::UpdateMessage& c) {
      return e.UpdateMessage(a, c.request, now);
    }
    absl::Status operator()(const cmd::DeleteMessage& c) {
      return e.DeleteMessage(a, c.message, now);
    }
    absl::Status operator()(const cmd::AddReaction& c) {
      return e.AddReaction(a, c.request, now);
    }
    absl::Status operator()(const cmd::RemoveReaction& c) {
      return e.RemoveReaction(a, c.request, now);
    }
    absl::Status operator()(const cmd::TranslateMessage& c) {
      return e.TranslateMessage(a, c.message, c.languages, now);
    }
    absl::Status operator()(const cmd::MarkRead& c) {
      return e.MarkRead(a, c.member, now);
    }
    absl::Status operator()(const cmd::MarkAllRead& c) {
      return e.MarkAllRead(a, c.user, now);
    }
    absl::Status operator()(const cmd::MarkDelivered& c) {
      return e.MarkDelivered(a, c.member, now);
    }
  };
  return std::visit(Visitor{e, s, a, now}, command);
}

// Enum fields hold any byte on the wire; the engine indexes tables with some
// of them, so a record must name a known value before it is replayed.
bool EnumsValid(const JournalRecord& r) {
  auto ok_dialect = [](Dialect d) { return d <= Dialect::kGitpleLive; };
  if (r.actor.kind > ActorKind::kBot) return false;
  if (const auto* c = std::get_if<cmd::CreateUser>(&r.command)) {
    return ok_dialect(c->request.dialect);
  }
  if (const auto* c = std::get_if<cmd::UpdateUser>(&r.command)) {
    return ok_dialect(c->request.dialect);
  }
  if (const auto* c = std::get_if<cmd::CreateChannel>(&r.command)) {
    return ok_dialect(c->request.dialect) &&
           static_cast<int>(c->request.type) < kChannelTypeCount;
  }
  if (const auto* c = std::get_if<cmd::SendMessage>(&r.command)) {
    return c->request.type <= MessageType::kFile;
  }
  if (const auto* c = std::get_if<cmd::RegisterPushToken>(&r.command)) {
    return c->kind <= PushTokenKind::kPushKit;
  }
  return true;
}

}  // namespace

std::string_view CommandName(const Command& command) {
  return kCommandNames[command.index()];
}

void EncodeJournalRecord(const JournalRecord& record, std::string* out) {
  internal::BinOut ar(out);
  const uint32_t format = kJournalRecordFormat;
  const uint16_t tag = static_cast<uint16_t>(record.command.index());
  ar(format, record.actor, record.now, tag);
  std::visit([&](const auto& c) { ar(c); }, record.command);
}

absl::StatusOr<JournalRecord> DecodeJournalRecord(std::string_view bytes) {
  internal::BinIn ar(bytes);
  JournalRecord record;
  try {
    uint32_t format = 0;
    ar(format);
    if (format > kJournalRecordFormat || format == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "journal record format ", format, " is not readable by banter ",
          internal::Sv(kBanterVersion), " (reads record format ",
          kJournalRecordFormat, ")"));
    }
    uint16_t tag = 0;
    ar(record.actor, record.now, tag);
    if (!LoadAlternative(
            ar, tag, record.command,
            std::make_index_sequence<std::variant_size_v<Command>>())) {
      return absl::DataLossError(
          absl::StrCat("journal record has unknown command tag ", tag));
    }
  } catch (const cereal::Exception& e) {
    return absl::DataLossError(
        absl::StrCat("malformed journal record: ", e.what()));
  }
  if (ar.remaining() != 0) {
    return absl::DataLossError(absl::StrCat("journal record has ",
                                            ar.remaining(), " trailing bytes"));
  }
  if (!EnumsValid(record)) {
    return absl::DataLossError(
        absl::StrCat("journal record (", internal::Sv(CommandName(record.command)),
                     ") holds an unknown enum value"));
  }
  return record;
}

absl::Status ApplyRecord(Engine& engine, const JournalRecord& record) {
  internal::State& s = engine.state();
  JournalDetach detach(s);
  return Apply(engine, s, record.actor, record.now, record.command);
}

void SetJournal(Engine& engine, JournalSink* sink) {
  engine.state().options.journal = sink;
}

}  // namespace banter
