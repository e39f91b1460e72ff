import { applyDecorators, Body, CanActivate, Get, HttpCode, Post, Type, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiAnswers, ApiZodBody, ZodValidationPipe } from '@app/platform';
import { changePasswordSchema, signInSchema } from './auth.schemas';

/**
 * The routes both kinds of session have, the dashboard's (`/auth/...`) and the partner portal's
 * (`/portal/...`): the same paths, bodies and answers under each controller's prefix.
 */
export const SessionRoutes = {
  /** Not guarded: the handler checks the origin (another site's form could sign the browser in to an account of the attacker's). */
  signIn: (summary: string) =>
    applyDecorators(
      Post('sign-in'),
      HttpCode(200),
      ApiOperation({ summary }),
      ApiZodBody(signInSchema),
      ApiAnswers({ status: 200, description: 'The session' }, 400, 401, 403, 429),
    ),
  session: (guard: Type<CanActivate>, summary: string) =>
    applyDecorators(Get('session'), UseGuards(guard), ApiOperation({ summary }), ApiAnswers({ status: 200, description: 'The session' }, 401)),
  signOut: (guard: Type<CanActivate>, summary: string) =>
    applyDecorators(
      Post('sign-out'),
      HttpCode(204),
      UseGuards(guard),
      ApiOperation({ summary }),
      ApiAnswers({ status: 204, description: 'Signed out' }, 401, 403),
    ),
  changePassword: (guard: Type<CanActivate>, summary: string) =>
    applyDecorators(
      Post('password'),
      HttpCode(204),
      UseGuards(guard),
      ApiOperation({ summary }),
      ApiZodBody(changePasswordSchema),
      ApiAnswers({ status: 204, description: 'Changed' }, 400, 401, 403, 429),
    ),
};

/** The sign-in form's body, validated. */
export const SignInForm = () => Body(new ZodValidationPipe(signInSchema));
/** The password change's body, validated. */
export const PasswordChange = () => Body(new ZodValidationPipe(changePasswordSchema));
