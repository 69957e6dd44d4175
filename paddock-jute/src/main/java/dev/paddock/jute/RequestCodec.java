package dev.paddock.jute;

import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.proto.AddWatchRequest;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.CheckVersionRequest;
import dev.paddock.jute.proto.CheckWatchesRequest;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.DeleteContainerRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.GetACLRequest;
import dev.paddock.jute.proto.GetAllChildrenNumberRequest;
import dev.paddock.jute.proto.GetChildren2Request;
import dev.paddock.jute.proto.GetChildrenRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetEphemeralsRequest;
import dev.paddock.jute.proto.GetSASLRequest;
import dev.paddock.jute.proto.ReconfigRequest;
import dev.paddock.jute.proto.RemoveWatchesRequest;
import dev.paddock.jute.proto.SetACLRequest;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SetWatches;
import dev.paddock.jute.proto.SetWatches2;
import dev.paddock.jute.proto.SyncRequest;

/** Decodes the body of a client request by its op. */
public final class RequestCodec {
    private RequestCodec() {
    }

    /**
     * The request record for {@code op}; null for ops whose request has no body (ping, closeSession, whoAmI).
     *
     * @throws JuteException if the body is not a valid record of that kind
     */
    public static JuteRecord readRequest(OpCode op, JuteInput in) {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.read(in);
            case CREATE_TTL -> CreateTTLRequest.read(in);
            case DELETE -> DeleteRequest.read(in);
            case DELETE_CONTAINER -> DeleteContainerRequest.read(in);
            case EXISTS -> ExistsRequest.read(in);
            case GET_DATA -> GetDataRequest.read(in);
            case SET_DATA -> SetDataRequest.read(in);
            case GET_ACL -> GetACLRequest.read(in);
            case SET_ACL -> SetACLRequest.read(in);
            case GET_CHILDREN -> GetChildrenRequest.read(in);
            case GET_CHILDREN2 -> GetChildren2Request.read(in);
            case SYNC -> SyncRequest.read(in);
            case CHECK -> CheckVersionRequest.read(in);
            case MULTI, MULTI_READ -> MultiRequest.read(in);
            case RECONFIG -> ReconfigRequest.read(in);
            case CHECK_WATCHES -> CheckWatchesRequest.read(in);
            case REMOVE_WATCHES -> RemoveWatchesRequest.read(in);
            case AUTH -> AuthPacket.read(in);
            case SET_WATCHES -> SetWatches.read(in);
            case SET_WATCHES2 -> SetWatches2.read(in);
            case SASL -> GetSASLRequest.read(in);
            case GET_EPHEMERALS -> GetEphemeralsRequest.read(in);
            case GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberRequest.read(in);
            case ADD_WATCH -> AddWatchRequest.read(in);
            case PING, CLOSE_SESSION, WHO_AM_I, CREATE_SESSION, NOTIFICATION, ERROR -> null;
        };
    }
}
