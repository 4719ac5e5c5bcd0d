// TEMPORARY scaffolding while the messages area is written: every method
// below answers Unimplemented. The area's author deletes this file once the
// real definitions land in engine/messages/. Not part of any finished build.
#include "banter/engine.h"
#include "engine/bots/bots_internal.h"
#include "engine/channels/channels_internal.h"
#include "engine/invariants.h"
#include "engine/messages/messages_internal.h"
#include "engine/users/users_internal.h"

// NOLINTBEGIN
#pragma GCC diagnostic ignored "-Wunused-parameter"
namespace banter {

absl::StatusOr<MessageId> Engine::SendMessage(const Actor& actor, const SendMessageRequest& request, Millis now) {
  return absl::UnimplementedError("SendMessage");
}

absl::Status Engine::UpdateMessage(const Actor& actor, const UpdateMessageRequest& request, Millis now) {
  return absl::UnimplementedError("UpdateMessage");
}

absl::Status Engine::DeleteMessage(const Actor& actor, MessageId message, Millis now) {
  return absl::UnimplementedError("DeleteMessage");
}

absl::Status Engine::AddReaction(const Actor& actor, const ReactionRequest& request, Millis now) {
  return absl::UnimplementedError("AddReaction");
}

absl::Status Engine::RemoveReaction(const Actor& actor, const ReactionRequest& request, Millis now) {
  return absl::UnimplementedError("RemoveReaction");
}

absl::Status Engine::TranslateMessage(const Actor& actor, MessageId message, const std::vector<std::string>& languages, Millis now) {
  return absl::UnimplementedError("TranslateMessage");
}

absl::Status Engine::MarkRead(const Actor& actor, const MemberSettingRequest& r, Millis now) {
  return absl::UnimplementedError("MarkRead");
}

absl::Status Engine::MarkAllRead(const Actor& actor, UserId user, Millis now) {
  return absl::UnimplementedError("MarkAllRead");
}

absl::Status Engine::MarkDelivered(const Actor& actor, const MemberSettingRequest& r, Millis now) {
  return absl::UnimplementedError("MarkDelivered");
}

std::string Engine::MessageIdString(MessageId message) const {
  return {};
}

MessageId Engine::FindMessage(std::string_view message_id) const {
  return {};
}

absl::StatusOr<MessageView> Engine::GetMessage(const Actor& actor, MessageId message, UserId viewer) const {
  return absl::UnimplementedError("GetMessage");
}

absl::StatusOr<Page<MessageView>> Engine::ListMessages( const Actor& actor, const MessageListQuery& query) const {
  return absl::UnimplementedError("ListMessages");
}

absl::StatusOr<int64_t> Engine::UnreadCount(const Actor& actor, ChannelId channel, UserId user) const {
  return absl::UnimplementedError("UnreadCount");
}

absl::StatusOr<int64_t> Engine::TotalUnread(const Actor& actor, UserId user) const {
  return absl::UnimplementedError("TotalUnread");
}

absl::StatusOr<int64_t> Engine::NotReadByCount(const Actor& actor, MessageId message) const {
  return absl::UnimplementedError("NotReadByCount");
}

absl::StatusOr<std::vector<ReceiptRow>> Engine::Receipts(const Actor& actor, ChannelId channel) const {
  return absl::UnimplementedError("Receipts");
}

namespace internal {
absl::Status CheckMessageInvariants(const State&) { return absl::OkStatus(); }
void DumpMessages(const State&, std::string*) {}
std::optional<MessageView> RenderLastMessage(const State&, ChannelId, UserId) { return std::nullopt; }
int64_t UnreadCountOf(const State&, ChannelId, uint32_t) { return 0; }
}  // namespace internal

}  // namespace banter
// NOLINTEND
