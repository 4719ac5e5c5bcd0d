// Journaling wrappers of the messages (engine/messages) mutating methods: each
// calls its Impl and journals the call on success
// (engine/durability/journal_hook.h). Mechanical; keep the command fields in
// the method's argument order.
#include <string>
#include <utility>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/journal_hook.h"
#include "engine/state.h"

namespace banter {

absl::StatusOr<MessageId> Engine::SendMessage(const Actor& actor,
                                              const SendMessageRequest& request,
                                              Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return SendMessageImpl(actor, request, now); },
      [&](const auto&) { return cmd::SendMessage{request}; });
}

absl::Status Engine::UpdateMessage(const Actor& actor,
                                   const UpdateMessageRequest& request,
                                   Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UpdateMessageImpl(actor, request, now); },
      [&](const auto&) { return cmd::UpdateMessage{request}; });
}

absl::Status Engine::DeleteMessage(const Actor& actor, MessageId message,
                                   Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return DeleteMessageImpl(actor, message, now); },
      [&](const auto&) { return cmd::DeleteMessage{message}; });
}

absl::Status Engine::AddReaction(const Actor& actor,
                                 const ReactionRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return AddReactionImpl(actor, request, now); },
      [&](const auto&) { return cmd::AddReaction{request}; });
}

absl::Status Engine::RemoveReaction(const Actor& actor,
                                    const ReactionRequest& request,
                                    Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return RemoveReactionImpl(actor, request, now); },
      [&](const auto&) { return cmd::RemoveReaction{request}; });
}

absl::Status Engine::TranslateMessage(const Actor& actor, MessageId message,
                                      const std::vector<std::string>& languages,
                                      Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return TranslateMessageImpl(actor, message, languages, now); },
      [&](const auto&) {
        return cmd::TranslateMessage{message, languages};
      });
}

absl::Status Engine::MarkRead(const Actor& actor, const MemberSettingRequest& r,
                              Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return MarkReadImpl(actor, r, now); },
      [&](const auto&) { return cmd::MarkRead{r}; });
}

absl::Status Engine::MarkAllRead(const Actor& actor, UserId user, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return MarkAllReadImpl(actor, user, now); },
      [&](const auto&) { return cmd::MarkAllRead{user}; });
}

absl::Status Engine::MarkDelivered(const Actor& actor,
                                   const MemberSettingRequest& r, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return MarkDeliveredImpl(actor, r, now); },
      [&](const auto&) { return cmd::MarkDelivered{r}; });
}

}  // namespace banter
