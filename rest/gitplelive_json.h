// GitpleLive JSON shapes (gitplelive.md §2): the engine's views with this
// platform's field names, snake_case, epoch-millisecond integers, and its
// error envelope (§4). Boost.JSON objects keep insertion order, so the order
// below is the order on the wire.
//
// Optional fields: `profile_url` appears only when set; `meta` always (an
// empty object when none). Message `content` appears on text messages and
// `file` on file messages only.
//
// Thread-safety: pure functions.
#ifndef BANTER_REST_GITPLELIVE_JSON_H_
#define BANTER_REST_GITPLELIVE_JSON_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "banter/engine.h"
#include "banter/rest/http.h"
#include "boost/json/array.hpp"
#include "boost/json/object.hpp"

namespace banter::rest {

class Server;

namespace gitple {

// {"user_id","name","profile_url"?,"meta","created_at","updated_at"}
boost::json::object UserJson(const UserView& u);
// UserJson + "joined_at".
boost::json::object MemberJson(const MemberView& m);
// {"message_id","channel_id","type","user","content"|"file","meta",
//  "created_at","updated_at"}. `sender` is the sender's current profile when
// the user still exists; otherwise the message's own snapshot is used.
boost::json::object MessageJson(const MessageView& m,
                                const std::optional<UserView>& sender);

// The channel extras a read asks for (show_* flags, §5.4).
struct ChannelExtras {
  bool members = false;
  bool managers = false;
  bool read_receipt = false;
  bool delivery_receipt = false;
  bool unread = false;
  bool last_message = false;
};

// {"channel_id","type":"group"|"open","name","profile_url"?,"freeze",
//  "total_message_count","total_file_count","meta","created_at",
//  "updated_at","participant_count" (open only),"slow_mode_ms"? (when on)}
// then the requested extras in the order of ChannelExtras.
// `managers` are the managers' user objects, `receipts` the per-member rows
// and `last_message` the rendered last message (each used only when asked).
boost::json::object ChannelJson(const ChannelView& c, const ChannelExtras& x,
                                const std::vector<UserView>& managers,
                                const std::vector<ReceiptRow>& receipts,
                                const std::optional<boost::json::object>&
                                    last_message);

// {"user","start_at","end_at","reason"}
boost::json::object BanJson(const UserView& user, Millis start_at,
                            Millis end_at, std::string_view reason);

// "2023-11-14T22:13:20.000Z" for epoch milliseconds (UTC).
std::string Iso8601(Millis ms);

// The flavor's error rendering: the envelope minus what only the request
// knows ({"status","message","code"}, and "retry_after_ms" when the status
// carries the time left); FinishError adds "timestamp" and "path" and picks
// 4001 / 4003 for credential failures.
Response RenderError(const absl::Status& status);
void FinishError(const Server& server, const Request& request, Millis now,
                 Response* response);

}  // namespace gitple
}  // namespace banter::rest

#endif  // BANTER_REST_GITPLELIVE_JSON_H_
