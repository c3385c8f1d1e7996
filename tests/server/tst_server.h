#pragma once

#include <QtCore/QObject>

// RexOrm::Server over raw HTTP on 127.0.0.1 (tst_server.cpp; the class is apart from the JSON
// and GraphQL text, which moc cannot read): GraphQL over HTTP, status codes and media types,
// limits refused before the body arrives, keep-alive and pipelining, timeouts, disconnects, the
// playground, CORS, TLS and the WebSocket hook.
class tst_Server : public QObject
{
    Q_OBJECT

private slots:
    void statusCodesAndMediaTypes_data();
    void statusCodesAndMediaTypes();
    void responseBodies();
    void bindsToLoopbackByDefault();
    void hostNamesAgainstDnsRebinding();
    void framingIsStrictWhereverBytesFall();
    void webSocketHandshakesPassTheSameGates();
    void connectionLimits();
    void listenErrors();
    void payloadTooLargeBeforeTheBody();
    void payloadTooLargeOnALaterRequest();
    void chunkedBodyGrowingPastTheLimit();
    void chunkedBody();
    void headersTooLarge();
    void malformedRequests_data();
    void malformedRequests();
    void keepAliveServesSeveralRequests();
    void pipelinedRequestsAnswerInOrder();
    void connectionCloseAndHttp10();
    void expectContinue();
    void clientDisconnectsMidRequest();
    void clientDisconnectsWhileExecuting();
    void slowRequestDoesNotBlockOthers();
    void requestTimeout();
    void clientThatStopsReading();
    void playground();
    void cors();
    void webSocketUpgradeWithoutHandler();
    void webSocketHook();
    void https();
};
