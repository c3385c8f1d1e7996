#include <rexorm/plugins/requestcontext.h>

namespace RexOrm {

namespace {
thread_local RequestContext currentContext;
} // namespace

RequestContext RequestContext::current()
{
    return currentContext;
}

RequestContext::Scope::Scope(RequestContext context) : m_previous(std::move(currentContext))
{
    currentContext = std::move(context);
}

RequestContext::Scope::~Scope()
{
    currentContext = std::move(m_previous);
}

} // namespace RexOrm
