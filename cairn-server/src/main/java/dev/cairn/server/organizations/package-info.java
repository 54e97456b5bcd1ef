/**
 * AWS Organizations, as much of it as makes a second account the AWS way: the default account is the
 * management account of one implicit organization, {@code CreateAccount} adds member accounts with an
 * {@code OrganizationAccountAccessRole} the management account can assume.
 */
@NullMarked
package dev.cairn.server.organizations;

import org.jspecify.annotations.NullMarked;
