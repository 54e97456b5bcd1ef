package dev.cairn.server.recording;

import dev.cairn.event.Resource;
import dev.cairn.protocol.operation.Call;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code resources} AWS lists in an event, for the operations where it lists them: the ARN, owning
 * account and type of what the call acted on. Other operations have no {@code resources} member.
 */
final class EventResources {
    private static final Pattern ARN_ACCOUNT = Pattern.compile("arn:[^:]+:[^:]+:[^:]*:([0-9]{12}):.*");

    private EventResources() {}

    static @Nullable List<Resource> of(Call call) {
        String source = call.operation().service().eventSource();
        String name = call.operation().name();
        if (source.equals("sts.amazonaws.com") && name.equals("AssumeRole")) {
            String roleArn = call.input().members().path("RoleArn").asText(null);
            if (roleArn != null) {
                return List.of(Resource.of(roleArn, account(roleArn), "AWS::IAM::Role"));
            }
        }
        return null;
    }

    private static @Nullable String account(String arn) {
        Matcher m = ARN_ACCOUNT.matcher(arn);
        return m.matches() ? m.group(1) : null;
    }
}
