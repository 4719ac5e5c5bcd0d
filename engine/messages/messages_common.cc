#include "engine/messages/messages_common.h"

#include <algorithm>
#include <utility>

#include "banter/error.h"
#include "engine/core/validate.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages_key.h"

namespace banter::internal {

// TalkPlus text limit (spec §4); applied to GitpleLive content too, which
// documents none.
constexpr size_t kMaxTextChars = 8192;
constexpr size_t kMaxLanguageChars = 16;

Viewer MakeViewer(const State& s, ChannelId c, UserId u) {
  Viewer v;
  if (!u.valid()) return v;
  const ChannelRecord& ch = s.channels.Record(c);
  v.user = u;
  v.admin = false;
  const bool owner = ch.owner.valid() && ch.owner == u;
  v.to_all_only = IsBroadcast(ch.type) && !owner;
  if (ch.hide_messages_before_join) {
    // A non-member sees what joining now would show: nothing older.
    const MemberState* m = FindMember(s, c, u);
    v.after_seq = m != nullptr ? m->join_seq : ch.log.last_seq();
  }
  return v;
}

absl::StatusOr<ConstLocated> LocateMessage(const State& s, MessageId id) {
  const ChannelId c = id.channel();
  const ChannelRecord* ch = s.channel(c);
  const uint32_t seq = id.seq();
  if (ch == nullptr || !ch->log.Retains(seq) || ch->log.at(seq).deleted()) {
    return MakeError(ErrorCode::kMessageNotFound, "message not found");
  }
  return ConstLocated{c, seq, ch, &ch->log.at(seq)};
}

absl::StatusOr<Located> LocateMessage(State& s, MessageId id) {
  auto at = LocateMessage(static_cast<const State&>(s), id);
  if (!at.ok()) return at.status();
  // Only the lookup is shared; the record to change comes through the
  // messages area's own part of the channel.
  return Located{
      at->channel, at->seq, at->ch,
      &s.channels.Messages(at->channel, kMessagesKey).log.at(at->seq)};
}

std::string MessageIdText(const State& s, MessageId id) {
  const ChannelId c = id.channel();
  if (c.value() < s.channels.size() &&
      s.channels.Record(c).dialect == Dialect::kGitpleLive) {
    return std::to_string(id.value());
  }
  return s.message_ids.Encode(id.value());
}

absl::Status ValidateText(const std::string& text) {
  if (!IsValidUtf8(text)) {
    return MakeError(ErrorCode::kParamsBindingError, "text is not UTF-8");
  }
  if (text.size() > kMaxTextChars && Utf8Length(text) > kMaxTextChars) {
    return MakeError(ErrorCode::kMsgSizeLimitExceeded,
                     "text exceeds 8192 characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateData(const ChannelRecord& ch, const Metadata& data) {
  const MetadataLimits& limits = ch.dialect == Dialect::kGitpleLive
                                     ? kGitpleMeta
                                     : kTalkPlusMessageData;
  if (!IsValidMetadata(data, limits)) {
    return MakeError(ErrorCode::kInvalidMetaData, "invalid message data");
  }
  return absl::OkStatus();
}

absl::Status ValidateMentions(const State& s, ChannelId c,
                              const std::vector<UserId>& mentions,
                              std::vector<UserId>* out) {
  out->clear();
  for (UserId u : mentions) {
    if (std::find(out->begin(), out->end(), u) != out->end()) continue;
    if (!SlotOf(s, c, u).has_value()) {
      return MakeError(ErrorCode::kMentionedUserDoesNotExist,
                       "mentioned user is not a channel member");
    }
    out->push_back(u);
  }
  return absl::OkStatus();
}

absl::Status ValidateLanguages(const std::vector<std::string>& languages) {
  for (const std::string& l : languages) {
    if (l.empty() || !FitsChars(l, kMaxLanguageChars)) {
      return MakeError(ErrorCode::kParamsBindingError,
                       "language must be 1..16 characters");
    }
  }
  return absl::OkStatus();
}

void Translate(State& s, MessageLog& log, uint32_t seq,
               const std::vector<std::string>& languages) {
  Translator* tr = s.options.translator;
  if (tr == nullptr || languages.empty()) return;
  for (const std::string& lang : languages) {
    // The hook may not touch the engine, so the view into the arena holds.
    std::optional<std::string> text = tr->Translate(log.text(seq), lang);
    if (!text.has_value()) continue;
    log.MutableExtras(seq).translations.insert_or_assign(lang,
                                                         std::move(*text));
  }
}

namespace {

void RenderSender(const State& s, MessageType type, uint32_t sender,
                  std::string* id, std::string* name, std::string* image) {
  if (MessageRecord::IsAdminSent(type)) return;
  if (MessageRecord::IsBotSent(type)) {
    BotId b(sender);
    *id = std::string(s.bots.names().Name(b));
    if (b.value() < s.bots.size()) {
      if (name) *name = s.bots.Record(b).name;
      if (image) *image = s.bots.Record(b).profile_image_url;
    }
    return;
  }
  UserId u(sender);
  *id = std::string(s.users.names().Name(u));
  // Deleted users keep their last profile (spec §13 #21).
  if (u.value() < s.users.size()) {
    if (name) *name = s.users.Record(u).username;
    if (image) *image = s.users.Record(u).profile_image_url;
  }
}

}  // namespace

MessageView RenderMessage(const State& s, ChannelId c, uint32_t seq,
                          UserId viewer_user) {
  const ChannelRecord& ch = s.channels.Record(c);
  const MessageRecord& rec = ch.log.at(seq);
  MessageView v;
  v.handle = MessageId(c, seq);
  v.channel = c;
  v.sender = rec.user();
  v.bot = rec.bot();
  v.id = MessageIdText(s, v.handle);
  v.channel_id = std::string(s.channels.names().Name(c));
  RenderSender(s, rec.type, rec.sender, &v.user_id, &v.username,
               &v.profile_image_url);
  v.type = rec.type;
  v.text = ch.log.text(seq);
  v.created_at = rec.created_at;
  v.updated_at = ch.log.updated_at(seq);
  v.filtered = rec.filtered();
  const MessageExtras* extras = ch.log.extras(seq);
  if (extras == nullptr) return v;
  const MessageExtras& x = *extras;
  v.data = x.data;
  v.file = x.file;
  v.mentions.reserve(x.mentions.size());
  for (UserId u : x.mentions) {
    v.mentions.emplace_back(s.users.names().Name(u));
  }
  if (x.parent) {
    const ParentSnapshot& p = *x.parent;
    v.parent_message_id = MessageIdText(s, p.id);
    ParentMessageView pv;
    pv.id = v.parent_message_id;
    RenderSender(s, p.type, p.sender, &pv.user_id, &pv.username, nullptr);
    pv.type = p.type;
    pv.text = p.text;
    pv.data = p.data;
    pv.created_at = p.created_at;
    v.parent = std::move(pv);
  }
  for (const auto& [key, users] : x.reactions) {
    std::vector<std::string>& names = v.reactions[key];
    names.reserve(users.size());
    for (UserId u : users) names.emplace_back(s.users.names().Name(u));
    if (viewer_user.valid() &&
        std::find(users.begin(), users.end(), viewer_user) != users.end()) {
      v.own_reactions.push_back(key);
    }
  }
  v.translations = x.translations;
  return v;
}

void EmitToViewers(State& s, ChannelId c, uint32_t seq, Event& e) {
  if (!s.emitter.active()) return;
  const ChannelRecord& ch = s.channels.Record(c);
  const MessageRecord& rec = ch.log.at(seq);
  const std::span<const UserId> members(ch.members);
  std::vector<uint32_t>& cut = s.emitter.slots();
  cut.clear();
  if (IsBroadcast(ch.type) && !rec.to_all()) {
    // Only the owner and the sender may see it; both are member slots, so
    // the spans still point into the member array.
    std::vector<std::span<const UserId>>& out = s.emitter.batches();
    out.clear();
    auto add = [&](UserId u) {
      if (!u.valid()) return;
      auto slot = SlotOf(s, c, u);
      if (!slot) return;
      if (ch.hide_messages_before_join &&
          ch.member_state[*slot].join_seq >= seq) {
        return;
      }
      out.push_back(members.subspan(*slot, 1));
    };
    add(ch.owner);
    if (rec.user() != ch.owner) add(rec.user());
    e.recipients = Recipients{out};
    s.emitter.EmitPrepared(e);
    return;
  }
  if (ch.hide_messages_before_join) {
    for (size_t i = 0; i < ch.member_state.size(); ++i) {
      if (ch.member_state[i].join_seq >= seq) {
        cut.push_back(static_cast<uint32_t>(i));
      }
    }
  }
  s.emitter.Emit(e, members, cut);
}

}  // namespace banter::internal
