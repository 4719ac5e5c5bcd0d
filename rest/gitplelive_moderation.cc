// The moderation tools on the GitpleLive Platform API (banter/moderation.h,
// docs/moderation.md): slow mode and pins of group channels, the flood
// limit, and reports (filed for a user named in the body, as this API names
// its acting users; listed and resolved by the app). GitpleLive documents
// its reports for the client SDK only and no slow mode, pins or flood
// limit: the Platform paths and shapes below are ours, by analogy
// (docs/gitplelive.md, "Moderation tools").
//
// Every call runs as the app (Actor::Admin), like the rest of this surface.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/gitplelive_json.h"
#include "rest/gitplelive_policy.h"
#include "rest/gitplelive_routes.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;

// The GitpleLive channel named `name`; TalkPlus channels read as unknown
// here, as on every route of this surface. With `group_only`, so do open
// channels (type super_public), as on every group route: the families are
// kept apart (rest/gitplelive_routes.cc, FamilyChannel, whose rule this
// repeats to stay out of that file's anonymous namespace).
ChannelId GitpleChannel(const Call& c, std::string_view name,
                        bool group_only) {
  const ChannelId id = c.engine.FindChannel(name);
  if (!id.valid()) return kUnknownChannel;
  absl::StatusOr<ChannelView> v =
      c.engine.GetChannel(Actor::Admin(), id, UserId());
  if (v.ok() && (v->dialect != Dialect::kGitpleLive ||
                 (group_only && v->type == ChannelType::kSuperPublic))) {
    return kUnknownChannel;
  }
  return id;
}

// The `:channel_id` of a group route (slow mode, pins).
ChannelId PathChannel(const Call& c) {
  return GitpleChannel(c, c.Param("channel_id"), /*group_only=*/true);
}

// The user's current profile, or {"user_id"} once it was deleted.
json::object UserOrId(const Call& c, std::string_view id) {
  const UserId u = c.engine.FindUser(id);
  if (u.valid()) {
    absl::StatusOr<UserView> v = c.engine.GetUser(Actor::Admin(), u);
    if (v.ok()) return gitple::UserJson(*v);
  }
  json::object o;
  o["user_id"] = JsonSv(id);
  return o;
}

json::object MessageObject(const Call& c, const MessageView& m) {
  std::optional<UserView> sender;
  if (const UserId u = c.engine.FindUser(m.user_id); u.valid()) {
    absl::StatusOr<UserView> v = c.engine.GetUser(Actor::Admin(), u);
    if (v.ok()) sender = *std::move(v);
  }
  return gitple::MessageJson(m, sender);
}

// ---- Shapes -----------------------------------------------------------------

// {"message", "pinned_by" ("" for the app), "pinned_at"}
json::object PinJson(const Call& c, const PinView& p) {
  json::object o;
  o.reserve(3);
  o["message"] = MessageObject(c, p.message);
  o["pinned_by"] = JsonSv(p.pinned_by);
  o["pinned_at"] = p.pinned_at;
  return o;
}

// The report shape of the GitpleLive SDK: {"report_id", "report_type",
// "report_category", "reporting_user", "reason"? (when given), "user"?
// (the reported user, or the message's sender), "channel"? and "message"?
// (message reports: {"channel_id"} and {"message_id", "content"}, the text
// when reported), "created_at", "updated_at"}.
json::object ReportJson(const Call& c, const ReportView& r) {
  json::object o;
  o.reserve(10);
  o["report_id"] = JsonSv(r.id);
  o["report_type"] = JsonSv(ReportKindName(r.kind));
  o["report_category"] = JsonSv(ReportCategoryName(r.category));
  o["reporting_user"] = UserOrId(c, r.reporter_id);
  if (!r.reason.empty()) o["reason"] = JsonSv(r.reason);
  if (!r.user_id.empty()) o["user"] = UserOrId(c, r.user_id);
  if (r.kind == ReportKind::kMessage) {
    json::object channel;
    channel["channel_id"] = JsonSv(r.channel_id);
    o["channel"] = std::move(channel);
    json::object message;
    message["message_id"] = static_cast<int64_t>(r.message.value());
    message["content"] = JsonSv(r.message_text);
    o["message"] = std::move(message);
  }
  o["created_at"] = r.created_at;
  o["updated_at"] = r.created_at;
  return o;
}

Result PinsResult(const Call& c, ChannelId channel) {
  REST_ASSIGN_OR_RETURN(std::vector<PinView> pins,
                        c.engine.ListPinned(c.actor, channel, UserId()));
  json::array out;
  out.reserve(pins.size());
  for (const PinView& p : pins) out.emplace_back(PinJson(c, p));
  return out;
}

absl::StatusOr<ChannelView> ChannelOf(const Call& c, ChannelId channel) {
  return c.engine.GetChannel(c.actor, channel, UserId());
}

// ---- Slow mode --------------------------------------------------------------

// PUT .../slow_mode {"slow_mode_ms"*}: the channel (no extras).
Result SetSlowMode(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> ms,
      OptInt(c.body, "slow_mode_ms", 0, kMaxSlowModeMs));
  if (!ms.has_value()) {
    return Error(ErrorCode::kInvalidParams, "slow_mode_ms is required");
  }
  REST_RETURN_IF_ERROR(
      c.engine.Execute(c.actor, cmd::SetSlowMode{ch, *ms}, c.now).status());
  REST_ASSIGN_OR_RETURN(ChannelView v, ChannelOf(c, ch));
  return gitple::ChannelJson(v, {}, {}, {}, std::nullopt);
}

// ---- Pins -------------------------------------------------------------------

Result ListPins(const Call& c) { return PinsResult(c, PathChannel(c)); }

template <bool kPin>
Result Pin(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(MessageId m, PathMessage(c, ch, c.Param("message_id")));
  Command command = kPin ? Command(cmd::PinMessage{m})
                         : Command(cmd::UnpinMessage{m});
  REST_RETURN_IF_ERROR(c.engine.Execute(c.actor, command, c.now).status());
  return PinsResult(c, ch);
}

// ---- Flood limit ------------------------------------------------------------

json::object FloodJson(const FloodLimit& l) {
  json::object o;
  o["max_messages"] = l.max_messages;
  o["window_ms"] = l.window_ms;
  return o;
}

Result GetFloodLimit(const Call& c) {
  if (c.engine.app_deactivated()) {
    return Error(ErrorCode::kDeactivatedApp, "the app is deactivated");
  }
  return FloodJson(c.engine.flood_limit());
}

// PUT /settings/flood_limit {"max_messages"*, "window_ms"*}; 0 and 0 = off.
Result SetFloodLimit(const Call& c) {
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> n,
      OptInt(c.body, "max_messages", 0, kMaxFloodMessages));
  REST_ASSIGN_OR_RETURN(std::optional<int64_t> window,
                        OptInt(c.body, "window_ms", 0, kMaxFloodWindowMs));
  if (!n.has_value() || !window.has_value()) {
    return Error(ErrorCode::kInvalidParams,
                 "max_messages and window_ms are required");
  }
  const FloodLimit limit{static_cast<uint32_t>(*n), *window};
  REST_RETURN_IF_ERROR(
      c.engine.Execute(c.actor, cmd::SetFloodLimit{limit}, c.now).status());
  return FloodJson(c.engine.flood_limit());
}

// ---- Reports ----------------------------------------------------------------

// POST /reports {"report_type"* (user | message), "reporting_user_id"*,
// "report_category" (default general), "reason", "user_id" (user reports),
// "channel_id" + "message_id" (message reports; the message id an integer)}.
Result FileReport(const Call& c) {
  ReportRequest r;
  REST_ASSIGN_OR_RETURN(std::string type, ReqString(c.body, "report_type"));
  std::optional<ReportKind> kind = ParseReportKind(type);
  if (!kind.has_value()) {
    return Error(ErrorCode::kParamsBindingError,
                 "report_type must be user or message");
  }
  r.kind = *kind;
  REST_ASSIGN_OR_RETURN(std::string reporter,
                        ReqString(c.body, "reporting_user_id"));
  r.reporter = ResolveUser(c.engine, reporter);
  REST_ASSIGN_OR_RETURN(std::optional<std::string> category,
                        OptString(c.body, "report_category"));
  if (category.has_value()) {
    std::optional<ReportCategory> parsed = ParseReportCategory(*category);
    if (!parsed.has_value()) {
      return Error(ErrorCode::kParamsBindingError, "unknown report_category");
    }
    r.category = *parsed;
  }
  REST_ASSIGN_OR_RETURN(std::optional<std::string> reason,
                        OptString(c.body, "reason"));
  r.reason = reason.value_or("");
  if (r.kind == ReportKind::kUser) {
    REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "user_id"));
    r.user = ResolveUser(c.engine, user);
  } else {
    REST_ASSIGN_OR_RETURN(std::string channel, ReqString(c.body, "channel_id"));
    REST_ASSIGN_OR_RETURN(
        std::optional<int64_t> message,
        OptInt(c.body, "message_id", 1, std::numeric_limits<int64_t>::max()));
    if (!message.has_value()) {
      return Error(ErrorCode::kInvalidParams, "message_id is required");
    }
    // A report is not a route of either family: a message of an open
    // channel is reported like one of a group channel.
    r.message = ResolveMessage(
        c.engine, GitpleChannel(c, channel, /*group_only=*/false),
        std::to_string(*message));
  }
  REST_ASSIGN_OR_RETURN(CommandResult filed,
                        c.engine.Execute(c.actor, cmd::FileReport{r}, c.now));
  REST_ASSIGN_OR_RETURN(ReportView v, c.engine.GetReport(c.actor, filed.report));
  return ReportJson(c, v);
}

ReportId PathReport(const Call& c) {
  return ParseReportId(c.Param("report_id")).value_or(ReportId(~0u));
}

// GET /reports ?limit (1..100, default 15) &next: {"reports", "next"}.
Result ListReports(const Call& c) {
  REST_ASSIGN_OR_RETURN(
      int64_t limit,
      c.query.Int("limit", gitple::kListDefault, 1, gitple::kListMax));
  ReportId after;
  if (std::optional<std::string_view> next = c.query.Get("next");
      next.has_value() && !next->empty()) {
    std::optional<ReportId> id = ParseReportId(*next);
    if (!id.has_value()) return UnknownCursor("next");
    after = *id;
  }
  REST_ASSIGN_OR_RETURN(
      Page<ReportView> page,
      c.engine.ListReports(c.actor, after, static_cast<int>(limit)));
  json::array reports;
  reports.reserve(page.items.size());
  for (const ReportView& r : page.items) reports.emplace_back(ReportJson(c, r));
  json::object o;
  o["reports"] = std::move(reports);
  o["next"] = page.has_next && !page.items.empty()
                  ? json::string(JsonSv(page.items.back().id))
                  : json::string();
  return o;
}

Result GetReport(const Call& c) {
  REST_ASSIGN_OR_RETURN(ReportView v,
                        c.engine.GetReport(c.actor, PathReport(c)));
  return ReportJson(c, v);
}

// PUT /reports/:report_id/resolve {"resolution": actioned (default) |
// dismissed}: the report with "resolution" and its "updated_at" the time of
// the resolution.
Result ResolveReport(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::optional<std::string> name,
                        OptString(c.body, "resolution"));
  ReportResolution how = ReportResolution::kActioned;
  if (name.has_value()) {
    std::optional<ReportResolution> parsed = ParseReportResolution(*name);
    if (!parsed.has_value()) {
      return Error(ErrorCode::kParamsBindingError,
                   "resolution must be actioned or dismissed");
    }
    how = *parsed;
  }
  const ReportId id = PathReport(c);
  REST_ASSIGN_OR_RETURN(ReportView v, c.engine.GetReport(c.actor, id));
  REST_RETURN_IF_ERROR(
      c.engine.Execute(c.actor, cmd::ResolveReport{id, how}, c.now).status());
  json::object o = ReportJson(c, v);
  o["resolution"] = JsonSv(ReportResolutionName(how));
  o["updated_at"] = c.now;
  return o;
}

}  // namespace

void RegisterGitpleLiveModerationRoutes(Server& server) {
  const Flavor* f = &GitpleLiveFlavor();
  constexpr Method G = Method::kGet, P = Method::kPost, U = Method::kPut,
                   D = Method::kDelete;
  constexpr RateClass kRead = RateClass::kRead, kWrite = RateClass::kWrite;
  struct Row {
    Method method;
    const char* pattern;
    RateClass rate;
    Handler handler;
    int ok_status = 200;
  };
  const Row rows[] = {
      {U, "/group/channels/:channel_id/slow_mode", kWrite, &SetSlowMode},
      {G, "/group/channels/:channel_id/pins", kRead, &ListPins},
      {P, "/group/channels/:channel_id/messages/:message_id/pin", kWrite,
       &Pin<true>},
      {D, "/group/channels/:channel_id/messages/:message_id/pin", kWrite,
       &Pin<false>},
      {G, "/settings/flood_limit", kRead, &GetFloodLimit},
      {U, "/settings/flood_limit", kWrite, &SetFloodLimit},
      {P, "/reports", kWrite, &FileReport, 201},
      {G, "/reports", kRead, &ListReports},
      {G, "/reports/:report_id", kRead, &GetReport},
      {U, "/reports/:report_id/resolve", kWrite, &ResolveReport},
  };
  for (const Row& r : rows) {
    server.AddRoute({r.method, Cat("/v1", r.pattern), Auth::kApiKey, r.rate,
                     r.handler, f, r.ok_status});
  }
}

}  // namespace banter::rest
