// Wire names of the domain enums.
#include <optional>
#include <string_view>

#include "banter/events.h"
#include "banter/types.h"

namespace banter {
namespace {

constexpr std::string_view kChannelTypeNames[] = {
    "private",      "public",        "invitationOnly",  "broadcast",
    "super_public", "super_private", "super_broadcast",
};
constexpr std::string_view kMessageTypeNames[] = {
    "text", "hidden", "custom", "admin", "admin_hidden", "bot", "bot_hidden",
    "file",
};
constexpr std::string_view kEventNames[] = {
    "message",       "messageUpdated", "messageDeleted", "reactionUpdated",
    "channelAdded",  "channelChanged", "channelRemoved", "memberAdded",
    "memberLeft",    "memberMuted",    "memberUnmuted",  "memberBanned",
    "memberUnbanned", "user_blocked",  "user_unblocked", "managerAdded",
    "managerRemoved", "messageRead",   "messageDelivered", "userUpdated",
    "userDeleted",   "messagePinned",  "messageUnpinned",
};
constexpr std::string_view kWebhookNames[] = {
    "message",        "",               "message_deleted", "",
    "channel_added",  "channel_changed", "channel_removed", "member_added",
    "member_left",    "member_muted",   "member_unmuted",  "member_banned",
    "member_unbanned", "user_blocked",  "user_unblocked",  "",
    "",               "",               "",                "",
    "",               "message_pinned", "message_unpinned",
};
static_assert(std::size(kEventNames) == kEventKindCount);
static_assert(std::size(kWebhookNames) == kEventKindCount);

}  // namespace

std::string_view ChannelTypeName(ChannelType type) {
  return kChannelTypeNames[static_cast<int>(type)];
}

std::optional<ChannelType> ParseChannelType(std::string_view name) {
  for (int i = 0; i < kChannelTypeCount; ++i) {
    if (kChannelTypeNames[i] == name) return static_cast<ChannelType>(i);
  }
  return std::nullopt;
}

std::string_view MessageTypeName(MessageType type) {
  return kMessageTypeNames[static_cast<int>(type)];
}

std::optional<MessageType> ParseMessageType(std::string_view name) {
  for (size_t i = 0; i < std::size(kMessageTypeNames); ++i) {
    if (kMessageTypeNames[i] == name) return static_cast<MessageType>(i);
  }
  return std::nullopt;
}

std::string_view EventName(EventKind kind) {
  return kEventNames[static_cast<int>(kind)];
}

std::string_view WebhookName(EventKind kind) {
  return kWebhookNames[static_cast<int>(kind)];
}

}  // namespace banter
