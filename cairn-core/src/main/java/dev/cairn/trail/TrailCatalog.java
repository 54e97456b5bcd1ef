package dev.cairn.trail;

import java.util.List;
import java.util.Optional;

/** The trails that exist, as trail delivery reads them. */
public interface TrailCatalog {

    /** Returns every trail of every account, logging or not. */
    List<Trail> all();

    /** Returns the trail with this ARN, if it exists. */
    Optional<Trail> byArn(String arn);
}
