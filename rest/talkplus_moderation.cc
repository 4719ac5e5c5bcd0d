// The moderation tools on the TalkPlus surfaces (banter/moderation.h,
// docs/moderation.md): slow mode, pins and reports on the admin and SDK
// surfaces, the flood limit and the report queue on the admin surface.
// TalkPlus documents none of these; the paths and shapes are ours, in the
// platform's style (docs/rest.md, "Moderation tools").
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;

ChannelId PathChannel(const Call& c) {
  return ResolveChannel(c.engine, c.Param("channelId"));
}

// The viewer of what a route answers: the SDK caller, or nobody (the
// admin's view).
UserId Viewer(const Call& c) {
  return c.actor.is_user() ? c.actor.user : UserId();
}

// ---- Shapes -----------------------------------------------------------------

// {"message", "pinnedBy", "pinnedAt"}
json::object PinJson(const PinView& p) {
  json::object o;
  o.reserve(3);
  o["message"] = MessageJson(p.message);
  o["pinnedBy"] = JsonSv(p.pinned_by);
  o["pinnedAt"] = p.pinned_at;
  return o;
}

// {"id", "type", "category", "reporterId", "userId", "channelId",
//  "messageId", "messageText", "reason", "createdAt"}
json::object ReportJson(const ReportView& r) {
  json::object o;
  o.reserve(12);
  o["id"] = JsonSv(r.id);
  o["type"] = JsonSv(ReportKindName(r.kind));
  o["category"] = JsonSv(ReportCategoryName(r.category));
  o["reporterId"] = JsonSv(r.reporter_id);
  o["userId"] = JsonSv(r.user_id);
  o["channelId"] = JsonSv(r.channel_id);
  o["messageId"] = JsonSv(r.message_id);
  o["messageText"] = JsonSv(r.message_text);
  o["reason"] = JsonSv(r.reason);
  o["createdAt"] = r.created_at;
  return o;
}

json::object FloodJson(const FloodLimit& l) {
  json::object o;
  o["maxMessages"] = l.max_messages;
  o["windowMs"] = l.window_ms;
  return Wrap("floodLimit", std::move(o));
}

Result PinsResult(const Call& c, ChannelId channel) {
  REST_ASSIGN_OR_RETURN(std::vector<PinView> pins,
                        c.engine.ListPinned(c.actor, channel, Viewer(c)));
  json::array out;
  out.reserve(pins.size());
  for (const PinView& p : pins) out.emplace_back(PinJson(p));
  return Wrap("pins", std::move(out));
}

// ---- Slow mode --------------------------------------------------------------

// POST .../slowmode {"slowModeMs"*}: the channel as the caller sees it.
Result SetSlowMode(const Call& c) {
  const ChannelId ch = PathChannel(c);
  // Any integer reaches the engine, which owns the range (0..21600000).
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> ms,
      OptInt(c.body, "slowModeMs", std::numeric_limits<int64_t>::min(),
             std::numeric_limits<int64_t>::max()));
  if (!ms.has_value()) {
    return Error(ErrorCode::kInvalidParams, "slowModeMs is required");
  }
  REST_RETURN_IF_ERROR(
      c.engine.Execute(c.actor, cmd::SetSlowMode{ch, *ms}, c.now).status());
  return ChannelResult(c, ch, Viewer(c));
}

// ---- Pins -------------------------------------------------------------------

Result ListPins(const Call& c) { return PinsResult(c, PathChannel(c)); }

template <bool kPin>
Result Pin(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(MessageId m, PathMessage(c, ch, c.Param("messageId")));
  Command command = kPin ? Command(cmd::PinMessage{m})
                         : Command(cmd::UnpinMessage{m});
  REST_RETURN_IF_ERROR(c.engine.Execute(c.actor, command, c.now).status());
  return PinsResult(c, ch);
}

// ---- Flood limit (admin) ----------------------------------------------------

Result GetFloodLimit(const Call& c) {
  if (c.engine.app_deactivated()) {
    return Error(ErrorCode::kDeactivatedApp, "the app is deactivated");
  }
  return FloodJson(c.engine.flood_limit());
}

// PUT /settings/flood {"maxMessages"*, "windowMs"*}; 0 and 0 turn it off.
Result SetFloodLimit(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::optional<int64_t> n,
                        OptInt(c.body, "maxMessages", 0,
                               std::numeric_limits<uint32_t>::max()));
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> window,
      OptInt(c.body, "windowMs", std::numeric_limits<int64_t>::min(),
             std::numeric_limits<int64_t>::max()));
  if (!n.has_value() || !window.has_value()) {
    return Error(ErrorCode::kInvalidParams,
                 "maxMessages and windowMs are required");
  }
  const FloodLimit limit{static_cast<uint32_t>(*n), *window};
  REST_RETURN_IF_ERROR(
      c.engine.Execute(c.actor, cmd::SetFloodLimit{limit}, c.now).status());
  return FloodJson(c.engine.flood_limit());
}

// ---- Reports ----------------------------------------------------------------

// The report a body describes: "type"* (user | message), "userId" (user) or
// "channelId" + "messageId" (message), "category" (default general),
// "reason". Names that resolve to nothing reach the engine as unknown
// handles, which it refuses with 3003 / 7001.
absl::StatusOr<ReportRequest> ReadReport(const Call& c, UserId reporter) {
  ReportRequest r;
  r.reporter = reporter;
  REST_ASSIGN_OR_RETURN(std::string type, ReqString(c.body, "type"));
  std::optional<ReportKind> kind = ParseReportKind(type);
  if (!kind.has_value()) {
    return Error(ErrorCode::kParamsBindingError,
                 "type must be user or message");
  }
  r.kind = *kind;
  REST_ASSIGN_OR_RETURN(std::optional<std::string> category,
                        OptString(c.body, "category"));
  if (category.has_value()) {
    std::optional<ReportCategory> parsed = ParseReportCategory(*category);
    if (!parsed.has_value()) {
      return Error(ErrorCode::kParamsBindingError,
                   "category must be general, spam, profanity, etc or custom");
    }
    r.category = *parsed;
  }
  REST_RETURN_IF_ERROR(Read(c, "reason", &r.reason));
  if (r.kind == ReportKind::kUser) {
    REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "userId"));
    r.user = ResolveUser(c.engine, user);
  } else {
    REST_ASSIGN_OR_RETURN(std::string channel, ReqString(c.body, "channelId"));
    REST_ASSIGN_OR_RETURN(std::string message, ReqString(c.body, "messageId"));
    r.message =
        ResolveMessage(c.engine, ResolveChannel(c.engine, channel), message);
  }
  return r;
}

Result FiledReport(const Call& c, const ReportRequest& r) {
  REST_ASSIGN_OR_RETURN(CommandResult filed,
                        c.engine.Execute(c.actor, cmd::FileReport{r}, c.now));
  REST_ASSIGN_OR_RETURN(ReportView v,
                        c.engine.GetReport(Actor::Admin(), filed.report));
  return Wrap("report", ReportJson(v));
}

// SDK: POST /reports, the caller reports.
Result FileReport(const Call& c) {
  REST_ASSIGN_OR_RETURN(ReportRequest r, ReadReport(c, c.actor.user));
  return FiledReport(c, r);
}

// Admin: POST /reports with "reporterId"*, for a game server that relays
// its players' reports.
Result FileReportFor(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string reporter, ReqString(c.body, "reporterId"));
  REST_ASSIGN_OR_RETURN(ReportRequest r,
                        ReadReport(c, ResolveUser(c.engine, reporter)));
  return FiledReport(c, r);
}

ReportId PathReport(const Call& c) {
  // An unparsable id is a report that does not exist (7035).
  return ParseReportId(c.Param("reportId")).value_or(ReportId(~0u));
}

Result ListReports(const Call& c) {
  ReportId after;
  bool unknown = false;
  if (auto last = c.query.Get("lastReportId"); last.has_value() &&
                                               !last->empty()) {
    std::optional<ReportId> id = ParseReportId(*last);
    unknown = !id.has_value();
    if (id.has_value()) after = *id;
  }
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 20));
  REST_ASSIGN_OR_RETURN(Page<ReportView> page,
                        c.engine.ListReports(c.actor, after, limit));
  if (unknown) return UnknownCursor("lastReportId");
  return PageJson("reports", page,
                  [](const ReportView& r) { return ReportJson(r); });
}

Result GetReport(const Call& c) {
  REST_ASSIGN_OR_RETURN(ReportView v,
                        c.engine.GetReport(c.actor, PathReport(c)));
  return Wrap("report", ReportJson(v));
}

// POST /reports/:reportId/resolve {"resolution": actioned (default) |
// dismissed}: the report as it was, with its resolution.
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
  json::object o = ReportJson(v);
  o["resolution"] = JsonSv(ReportResolutionName(how));
  o["resolvedAt"] = c.now;
  return Wrap("report", std::move(o));
}

}  // namespace

std::optional<ReportId> ParseReportId(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  if (v == 0 || v > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return ReportId(static_cast<uint32_t>(v));
}

void RegisterTalkPlusModerationRoutes(Server& server) {
  constexpr Method G = Method::kGet, P = Method::kPost, U = Method::kPut;
  constexpr RateClass kRead = RateClass::kRead, kWrite = RateClass::kWrite;
  constexpr Auth A = Auth::kApiKey, S = Auth::kSession;
  const Flavor* f = &TalkPlusFlavor();
  struct Row {
    Method method;
    std::string_view pattern;
    Auth auth;
    RateClass rate;
    Handler handler;
  };
  const Row rows[] = {
      // Admin surface, below /v1.4/api.
      {P, "/api/channels/:channelId/slowmode", A, kWrite, &SetSlowMode},
      {G, "/api/channels/:channelId/pins", A, kRead, &ListPins},
      {P, "/api/channels/:channelId/messages/:messageId/pin", A, kWrite,
       &Pin<true>},
      {P, "/api/channels/:channelId/messages/:messageId/unpin", A, kWrite,
       &Pin<false>},
      {G, "/api/settings/flood", A, kRead, &GetFloodLimit},
      {U, "/api/settings/flood", A, kWrite, &SetFloodLimit},
      {P, "/api/reports", A, kWrite, &FileReportFor},
      {G, "/api/reports", A, kRead, &ListReports},
      {G, "/api/reports/:reportId", A, kRead, &GetReport},
      {P, "/api/reports/:reportId/resolve", A, kWrite, &ResolveReport},
      // SDK surface, below /v1.4.
      {P, "/channels/:channelId/slowmode", S, kWrite, &SetSlowMode},
      {G, "/channels/:channelId/pins", S, kRead, &ListPins},
      {P, "/channels/:channelId/messages/:messageId/pin", S, kWrite,
       &Pin<true>},
      {P, "/channels/:channelId/messages/:messageId/unpin", S, kWrite,
       &Pin<false>},
      {P, "/reports", S, kWrite, &FileReport},
  };
  for (const Row& r : rows) {
    server.AddRoute(
        {r.method, Cat("/v1.4", r.pattern), r.auth, r.rate, r.handler, f});
  }
}

}  // namespace banter::rest
