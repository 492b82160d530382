package io.sen2cor.operator.testing.awsmodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * An SDK request as the members it sends: structures become maps keyed by the model's member names, lists and
 * maps stay lists and maps, enums their wire strings; members left unset (null, or the SDK's auto-constructed
 * empty collections) are left out, as the SDK leaves them out of the wire request.
 */
final class RequestTree {

    private RequestTree() {
    }

    static Map<String, Object> of(SdkPojo pojo) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = plain(field.getValueOrDefault(pojo));
            if (value != null) {
                members.put(field.memberName(), value);
            }
        }
        return members;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) {
            return null;
        }
        if (value instanceof SdkPojo pojo) {
            return of(pojo);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(k, plain(v)));
            return entries;
        }
        return value;
    }
}
