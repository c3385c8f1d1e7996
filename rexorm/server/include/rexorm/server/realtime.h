#pragma once

#include <rexorm/server/global.h>

#include <QtCore/QString>

#include <chrono>

namespace RexOrm {

// The WebSocket side of the server: GraphQL subscriptions (graphql-transport-ws) on the GraphQL
// path, and the /realtime change feed. See docs/realtime-protocol.md and docs/server.md.
struct RealtimeOptions
{
    QString realtimePath = QStringLiteral("/realtime");
    // graphql-transport-ws: connection_init must arrive this soon (else close 4408); /realtime:
    // a connection that must authenticate has this long to send auth (else close 4401).
    std::chrono::milliseconds initTimeout{3000};
    // An incoming message; larger ones close with 1009. Above the GraphQL document limit (100 KiB)
    // so that a document at the limit, with its JSON envelope, still arrives.
    qint64 maxMessageBytes = 256 * 1024;
    // Bytes queued for a client that does not read fast enough; past it the connection is closed
    // with 4008 (slow consumer) so that one slow client cannot grow the server's memory.
    qint64 maxSendQueueBytes = 4 * 1024 * 1024;
    int maxSubscriptionsPerConnection = 100;
    int maxInvalidMessages = 10; // /realtime: bad messages answered with errors, then 4400
};

namespace RealtimeCloseCode {
enum : int {
    GoingAway = 1001,     // the server shuts down
    SlowConsumer = 4008,  // the send queue passed maxSendQueueBytes
    BadRequest = 4400,    // malformed messages
    Unauthorized = 4401,  // subscribe before connection_ack; /realtime: missing or bad auth
    Forbidden = 4403,     // credentials refused or expired
    NoSubprotocol = 4406, // no graphql-transport-ws subprotocol offered
    InitTimeout = 4408,   // no connection_init in time
    DuplicateId = 4409,   // a subscription id already in use
    TooManyInits = 4429,  // connection_init twice
};
} // namespace RealtimeCloseCode

} // namespace RexOrm
